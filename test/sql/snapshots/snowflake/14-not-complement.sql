-- roster: snowflake script for now = 2026-06-30T00:00:00.000Z

-- Every user (distinct non-null ids) with the custom traits the project reads.
CREATE OR REPLACE TEMPORARY TABLE "ROSTER_STAGE_USERS" AS
select d.id
from (
  select
    CAST(s."ID" AS VARCHAR) AS id,
    row_number() OVER (PARTITION BY CAST(s."ID" AS VARCHAR) ORDER BY CAST(s."ID" AS VARCHAR)) AS roster_row
  from "USERS" AS s
  where CAST(s."ID" AS VARCHAR) IS NOT NULL
) as "D"
where d.roster_row = 1;

-- Every account (distinct non-null ids) with the custom traits the project reads.
CREATE OR REPLACE TEMPORARY TABLE "ROSTER_STAGE_ACCOUNTS" AS
select d.id, d."INDUSTRY", d."PLAN", d."SEATS"
from (
  select
    CAST(s."ID" AS VARCHAR) AS id,
    CAST(s."INDUSTRY" AS VARCHAR) AS "INDUSTRY",
    CAST(s."PLAN" AS VARCHAR) AS "PLAN",
    CAST(s."SEATS" AS DOUBLE) AS "SEATS",
    row_number() OVER (PARTITION BY CAST(s."ID" AS VARCHAR) ORDER BY CAST(s."ID" AS VARCHAR)) AS roster_row
  from "ACCOUNTS" AS s
  where CAST(s."ID" AS VARCHAR) IS NOT NULL
) as "D"
where d.roster_row = 1;

-- Distinct (user, account) pairs whose user and account both exist.
CREATE OR REPLACE TEMPORARY TABLE "ROSTER_STAGE_MEMBERSHIPS" AS
select distinct
  CAST(s."USER_ID" AS VARCHAR) AS user_id,
  CAST(s."ACCOUNT_ID" AS VARCHAR) AS account_id
from "MEMBERSHIPS" AS s
where CAST(s."USER_ID" AS VARCHAR) in (
  select id
  from "ROSTER_STAGE_USERS"
)
  and CAST(s."ACCOUNT_ID" AS VARCHAR) in (
  select id
  from "ROSTER_STAGE_ACCOUNTS"
);

-- No event features per user.
CREATE OR REPLACE TEMPORARY TABLE "ROSTER_FEATURES_USER" AS
select x.id
from "ROSTER_STAGE_USERS" as "X";

-- No event features per account.
CREATE OR REPLACE TEMPORARY TABLE "ROSTER_FEATURES_ACCOUNT" AS
select x.id
from "ROSTER_STAGE_ACCOUNTS" as "X";

-- audience big
CREATE OR REPLACE TEMPORARY TABLE "ROSTER_AUDIENCE_BIG" AS
select e.id
from "ROSTER_STAGE_ACCOUNTS" as "E"
left join "ROSTER_FEATURES_ACCOUNT" as "F" on "F"."ID" = "E"."ID"
where COALESCE(e."SEATS" > CAST(50 AS DOUBLE), FALSE);

-- audience not_big
CREATE OR REPLACE TEMPORARY TABLE "ROSTER_AUDIENCE_NOT_BIG" AS
select e.id
from "ROSTER_STAGE_ACCOUNTS" as "E"
left join "ROSTER_FEATURES_ACCOUNT" as "F" on "F"."ID" = "E"."ID"
where (NOT COALESCE(e."SEATS" > CAST(50 AS DOUBLE), FALSE));

-- audience not_software
CREATE OR REPLACE TEMPORARY TABLE "ROSTER_AUDIENCE_NOT_SOFTWARE" AS
select e.id
from "ROSTER_STAGE_ACCOUNTS" as "E"
left join "ROSTER_FEATURES_ACCOUNT" as "F" on "F"."ID" = "E"."ID"
where (NOT COALESCE(e."INDUSTRY" = 'Software', FALSE));

-- audience neither
CREATE OR REPLACE TEMPORARY TABLE "ROSTER_AUDIENCE_NEITHER" AS
select e.id
from "ROSTER_STAGE_ACCOUNTS" as "E"
left join "ROSTER_FEATURES_ACCOUNT" as "F" on "F"."ID" = "E"."ID"
where (NOT (COALESCE(e."INDUSTRY" = 'Software', FALSE)
  OR COALESCE(e."PLAN" = 'pro', FALSE)));

-- audience not_both
CREATE OR REPLACE TEMPORARY TABLE "ROSTER_AUDIENCE_NOT_BOTH" AS
select e.id
from "ROSTER_STAGE_ACCOUNTS" as "E"
left join "ROSTER_FEATURES_ACCOUNT" as "F" on "F"."ID" = "E"."ID"
where (NOT (COALESCE(e."SEATS" > CAST(50 AS DOUBLE), FALSE)
  AND COALESCE(e."PLAN" = 'pro', FALSE)));

-- audience retail_or_finance_pro
CREATE OR REPLACE TEMPORARY TABLE "ROSTER_AUDIENCE_RETAIL_OR_FINANCE_PRO" AS
select e.id
from "ROSTER_STAGE_ACCOUNTS" as "E"
left join "ROSTER_FEATURES_ACCOUNT" as "F" on "F"."ID" = "E"."ID"
where (COALESCE(e."INDUSTRY" = 'Retail', FALSE)
  OR (COALESCE(e."INDUSTRY" = 'Finance', FALSE)
  AND COALESCE(e."PLAN" = 'pro', FALSE)));

-- audience big (account)
select id
from "ROSTER_AUDIENCE_BIG";

-- audience not_big (account)
select id
from "ROSTER_AUDIENCE_NOT_BIG";

-- audience not_software (account)
select id
from "ROSTER_AUDIENCE_NOT_SOFTWARE";

-- audience neither (account)
select id
from "ROSTER_AUDIENCE_NEITHER";

-- audience not_both (account)
select id
from "ROSTER_AUDIENCE_NOT_BOTH";

-- audience retail_or_finance_pro (account)
select id
from "ROSTER_AUDIENCE_RETAIL_OR_FINANCE_PRO";

drop table if exists "ROSTER_AUDIENCE_RETAIL_OR_FINANCE_PRO";

drop table if exists "ROSTER_AUDIENCE_NOT_BOTH";

drop table if exists "ROSTER_AUDIENCE_NEITHER";

drop table if exists "ROSTER_AUDIENCE_NOT_SOFTWARE";

drop table if exists "ROSTER_AUDIENCE_NOT_BIG";

drop table if exists "ROSTER_AUDIENCE_BIG";

drop table if exists "ROSTER_FEATURES_ACCOUNT";

drop table if exists "ROSTER_FEATURES_USER";

drop table if exists "ROSTER_STAGE_MEMBERSHIPS";

drop table if exists "ROSTER_STAGE_ACCOUNTS";

drop table if exists "ROSTER_STAGE_USERS";
