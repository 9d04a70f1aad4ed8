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
select d.id, d."NAME"
from (
  select
    CAST(s."ID" AS VARCHAR) AS id,
    CAST(s."NAME" AS VARCHAR) AS "NAME",
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

-- audience acme_prefix
CREATE OR REPLACE TEMPORARY TABLE "ROSTER_AUDIENCE_ACME_PREFIX" AS
select e.id
from "ROSTER_STAGE_ACCOUNTS" as "E"
left join "ROSTER_FEATURES_ACCOUNT" as "F" on "F"."ID" = "E"."ID"
where COALESCE(STARTSWITH(e."NAME", 'Acme'), FALSE);

-- audience corp
CREATE OR REPLACE TEMPORARY TABLE "ROSTER_AUDIENCE_CORP" AS
select e.id
from "ROSTER_STAGE_ACCOUNTS" as "E"
left join "ROSTER_FEATURES_ACCOUNT" as "F" on "F"."ID" = "E"."ID"
where COALESCE(CONTAINS(e."NAME", 'Corp'), FALSE);

-- audience percent
CREATE OR REPLACE TEMPORARY TABLE "ROSTER_AUDIENCE_PERCENT" AS
select e.id
from "ROSTER_STAGE_ACCOUNTS" as "E"
left join "ROSTER_FEATURES_ACCOUNT" as "F" on "F"."ID" = "E"."ID"
where COALESCE(CONTAINS(e."NAME", '100%'), FALSE);

-- audience underscore_io
CREATE OR REPLACE TEMPORARY TABLE "ROSTER_AUDIENCE_UNDERSCORE_IO" AS
select e.id
from "ROSTER_STAGE_ACCOUNTS" as "E"
left join "ROSTER_FEATURES_ACCOUNT" as "F" on "F"."ID" = "E"."ID"
where COALESCE(ENDSWITH(e."NAME", '_io'), FALSE);

-- audience not_acme_exact
CREATE OR REPLACE TEMPORARY TABLE "ROSTER_AUDIENCE_NOT_ACME_EXACT" AS
select e.id
from "ROSTER_STAGE_ACCOUNTS" as "E"
left join "ROSTER_FEATURES_ACCOUNT" as "F" on "F"."ID" = "E"."ID"
where (NOT COALESCE(e."NAME" = 'Acme Corp', FALSE));

-- audience acme_prefix (account)
select id
from "ROSTER_AUDIENCE_ACME_PREFIX";

-- audience corp (account)
select id
from "ROSTER_AUDIENCE_CORP";

-- audience percent (account)
select id
from "ROSTER_AUDIENCE_PERCENT";

-- audience underscore_io (account)
select id
from "ROSTER_AUDIENCE_UNDERSCORE_IO";

-- audience not_acme_exact (account)
select id
from "ROSTER_AUDIENCE_NOT_ACME_EXACT";

drop table if exists "ROSTER_AUDIENCE_NOT_ACME_EXACT";

drop table if exists "ROSTER_AUDIENCE_UNDERSCORE_IO";

drop table if exists "ROSTER_AUDIENCE_PERCENT";

drop table if exists "ROSTER_AUDIENCE_CORP";

drop table if exists "ROSTER_AUDIENCE_ACME_PREFIX";

drop table if exists "ROSTER_FEATURES_ACCOUNT";

drop table if exists "ROSTER_FEATURES_USER";

drop table if exists "ROSTER_STAGE_MEMBERSHIPS";

drop table if exists "ROSTER_STAGE_ACCOUNTS";

drop table if exists "ROSTER_STAGE_USERS";
