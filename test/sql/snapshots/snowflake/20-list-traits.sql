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
select d.id, d."TAGS"
from (
  select
    CAST(s."ID" AS VARCHAR) AS id,
    CAST(s."TAGS" AS ARRAY) AS "TAGS",
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

-- audience beta_tagged
CREATE OR REPLACE TEMPORARY TABLE "ROSTER_AUDIENCE_BETA_TAGGED" AS
select e.id
from "ROSTER_STAGE_ACCOUNTS" as "E"
left join "ROSTER_FEATURES_ACCOUNT" as "F" on "F"."ID" = "E"."ID"
where COALESCE(ARRAYS_OVERLAP(e."TAGS", ARRAY_CONSTRUCT('beta')), FALSE);

-- audience any_ent
CREATE OR REPLACE TEMPORARY TABLE "ROSTER_AUDIENCE_ANY_ENT" AS
select e.id
from "ROSTER_STAGE_ACCOUNTS" as "E"
left join "ROSTER_FEATURES_ACCOUNT" as "F" on "F"."ID" = "E"."ID"
where COALESCE(ARRAYS_OVERLAP(e."TAGS", ARRAY_CONSTRUCT('enterprise', 'smb')), FALSE);

-- audience beta_and_ent
CREATE OR REPLACE TEMPORARY TABLE "ROSTER_AUDIENCE_BETA_AND_ENT" AS
select e.id
from "ROSTER_STAGE_ACCOUNTS" as "E"
left join "ROSTER_FEATURES_ACCOUNT" as "F" on "F"."ID" = "E"."ID"
where COALESCE((ARRAY_CONTAINS(CAST('beta' AS VARIANT), e."TAGS") AND ARRAY_CONTAINS(CAST('enterprise' AS VARIANT), e."TAGS")), FALSE);

-- audience not_beta
CREATE OR REPLACE TEMPORARY TABLE "ROSTER_AUDIENCE_NOT_BETA" AS
select e.id
from "ROSTER_STAGE_ACCOUNTS" as "E"
left join "ROSTER_FEATURES_ACCOUNT" as "F" on "F"."ID" = "E"."ID"
where (NOT COALESCE(ARRAYS_OVERLAP(e."TAGS", ARRAY_CONSTRUCT('beta')), FALSE));

-- audience beta_tagged (account)
select id
from "ROSTER_AUDIENCE_BETA_TAGGED";

-- audience any_ent (account)
select id
from "ROSTER_AUDIENCE_ANY_ENT";

-- audience beta_and_ent (account)
select id
from "ROSTER_AUDIENCE_BETA_AND_ENT";

-- audience not_beta (account)
select id
from "ROSTER_AUDIENCE_NOT_BETA";

drop table if exists "ROSTER_AUDIENCE_NOT_BETA";

drop table if exists "ROSTER_AUDIENCE_BETA_AND_ENT";

drop table if exists "ROSTER_AUDIENCE_ANY_ENT";

drop table if exists "ROSTER_AUDIENCE_BETA_TAGGED";

drop table if exists "ROSTER_FEATURES_ACCOUNT";

drop table if exists "ROSTER_FEATURES_USER";

drop table if exists "ROSTER_STAGE_MEMBERSHIPS";

drop table if exists "ROSTER_STAGE_ACCOUNTS";

drop table if exists "ROSTER_STAGE_USERS";
