-- roster: snowflake script for now = 2026-06-30T00:00:00.000Z

-- Every user (distinct non-null ids) with the custom traits the project reads.
CREATE OR REPLACE TEMPORARY TABLE "ROSTER_STAGE_USERS" AS
select d.id, d."ROLE"
from (
  select
    CAST(s."ID" AS VARCHAR) AS id,
    CAST(s."ROLE" AS VARCHAR) AS "ROLE",
    row_number() OVER (PARTITION BY CAST(s."ID" AS VARCHAR) ORDER BY CAST(s."ID" AS VARCHAR)) AS roster_row
  from "USERS" AS s
  where CAST(s."ID" AS VARCHAR) IS NOT NULL
) as "D"
where d.roster_row = 1;

-- Every account (distinct non-null ids) with the custom traits the project reads.
CREATE OR REPLACE TEMPORARY TABLE "ROSTER_STAGE_ACCOUNTS" AS
select d.id, d."PLAN"
from (
  select
    CAST(s."ID" AS VARCHAR) AS id,
    CAST(s."PLAN" AS VARCHAR) AS "PLAN",
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

-- audience pro
CREATE OR REPLACE TEMPORARY TABLE "ROSTER_AUDIENCE_PRO" AS
select e.id
from "ROSTER_STAGE_ACCOUNTS" as "E"
left join "ROSTER_FEATURES_ACCOUNT" as "F" on "F"."ID" = "E"."ID"
where COALESCE(e."PLAN" = 'pro', FALSE);

-- audience not_pro
CREATE OR REPLACE TEMPORARY TABLE "ROSTER_AUDIENCE_NOT_PRO" AS
select e.id
from "ROSTER_STAGE_ACCOUNTS" as "E"
left join "ROSTER_FEATURES_ACCOUNT" as "F" on "F"."ID" = "E"."ID"
where (NOT COALESCE(e."PLAN" = 'pro', FALSE));

-- audience paid
CREATE OR REPLACE TEMPORARY TABLE "ROSTER_AUDIENCE_PAID" AS
select e.id
from "ROSTER_STAGE_ACCOUNTS" as "E"
left join "ROSTER_FEATURES_ACCOUNT" as "F" on "F"."ID" = "E"."ID"
where COALESCE(e."PLAN" IN ('pro', 'enterprise'), FALSE);

-- audience unpaid
CREATE OR REPLACE TEMPORARY TABLE "ROSTER_AUDIENCE_UNPAID" AS
select e.id
from "ROSTER_STAGE_ACCOUNTS" as "E"
left join "ROSTER_FEATURES_ACCOUNT" as "F" on "F"."ID" = "E"."ID"
where (NOT COALESCE(e."PLAN" IN ('pro', 'enterprise'), FALSE));

-- audience has_plan
CREATE OR REPLACE TEMPORARY TABLE "ROSTER_AUDIENCE_HAS_PLAN" AS
select e.id
from "ROSTER_STAGE_ACCOUNTS" as "E"
left join "ROSTER_FEATURES_ACCOUNT" as "F" on "F"."ID" = "E"."ID"
where COALESCE(e."PLAN" IS NOT NULL, FALSE);

-- audience no_plan
CREATE OR REPLACE TEMPORARY TABLE "ROSTER_AUDIENCE_NO_PLAN" AS
select e.id
from "ROSTER_STAGE_ACCOUNTS" as "E"
left join "ROSTER_FEATURES_ACCOUNT" as "F" on "F"."ID" = "E"."ID"
where (NOT COALESCE(e."PLAN" IS NOT NULL, FALSE));

-- audience non_admins
CREATE OR REPLACE TEMPORARY TABLE "ROSTER_AUDIENCE_NON_ADMINS" AS
select e.id
from "ROSTER_STAGE_USERS" as "E"
left join "ROSTER_FEATURES_USER" as "F" on "F"."ID" = "E"."ID"
where (NOT COALESCE(e."ROLE" = 'Admin', FALSE));

-- audience pro (account)
select id
from "ROSTER_AUDIENCE_PRO";

-- audience not_pro (account)
select id
from "ROSTER_AUDIENCE_NOT_PRO";

-- audience paid (account)
select id
from "ROSTER_AUDIENCE_PAID";

-- audience unpaid (account)
select id
from "ROSTER_AUDIENCE_UNPAID";

-- audience has_plan (account)
select id
from "ROSTER_AUDIENCE_HAS_PLAN";

-- audience no_plan (account)
select id
from "ROSTER_AUDIENCE_NO_PLAN";

-- audience non_admins (user)
select id
from "ROSTER_AUDIENCE_NON_ADMINS";

drop table if exists "ROSTER_AUDIENCE_NON_ADMINS";

drop table if exists "ROSTER_AUDIENCE_NO_PLAN";

drop table if exists "ROSTER_AUDIENCE_HAS_PLAN";

drop table if exists "ROSTER_AUDIENCE_UNPAID";

drop table if exists "ROSTER_AUDIENCE_PAID";

drop table if exists "ROSTER_AUDIENCE_NOT_PRO";

drop table if exists "ROSTER_AUDIENCE_PRO";

drop table if exists "ROSTER_FEATURES_ACCOUNT";

drop table if exists "ROSTER_FEATURES_USER";

drop table if exists "ROSTER_STAGE_MEMBERSHIPS";

drop table if exists "ROSTER_STAGE_ACCOUNTS";

drop table if exists "ROSTER_STAGE_USERS";
