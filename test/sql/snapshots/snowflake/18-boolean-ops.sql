-- roster: snowflake script for now = 2026-06-30T00:00:00.000Z

-- Every user (distinct non-null ids) with the custom traits the project reads.
CREATE OR REPLACE TEMPORARY TABLE "ROSTER_STAGE_USERS" AS
select d.id, d."BETA"
from (
  select
    CAST(s."ID" AS VARCHAR) AS id,
    CAST(s."BETA" AS BOOLEAN) AS "BETA",
    row_number() OVER (PARTITION BY CAST(s."ID" AS VARCHAR) ORDER BY CAST(s."ID" AS VARCHAR)) AS roster_row
  from "USERS" AS s
  where CAST(s."ID" AS VARCHAR) IS NOT NULL
) as "D"
where d.roster_row = 1;

-- Every account (distinct non-null ids) with the custom traits the project reads.
CREATE OR REPLACE TEMPORARY TABLE "ROSTER_STAGE_ACCOUNTS" AS
select d.id, d."IS_TRIAL"
from (
  select
    CAST(s."ID" AS VARCHAR) AS id,
    CAST(s."IS_TRIAL" AS BOOLEAN) AS "IS_TRIAL",
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

-- audience trial_eq
CREATE OR REPLACE TEMPORARY TABLE "ROSTER_AUDIENCE_TRIAL_EQ" AS
select e.id
from "ROSTER_STAGE_ACCOUNTS" as "E"
left join "ROSTER_FEATURES_ACCOUNT" as "F" on "F"."ID" = "E"."ID"
where COALESCE(e."IS_TRIAL" = TRUE, FALSE);

-- audience trial_is
CREATE OR REPLACE TEMPORARY TABLE "ROSTER_AUDIENCE_TRIAL_IS" AS
select e.id
from "ROSTER_STAGE_ACCOUNTS" as "E"
left join "ROSTER_FEATURES_ACCOUNT" as "F" on "F"."ID" = "E"."ID"
where COALESCE(e."IS_TRIAL" = TRUE, FALSE);

-- audience paying
CREATE OR REPLACE TEMPORARY TABLE "ROSTER_AUDIENCE_PAYING" AS
select e.id
from "ROSTER_STAGE_ACCOUNTS" as "E"
left join "ROSTER_FEATURES_ACCOUNT" as "F" on "F"."ID" = "E"."ID"
where COALESCE(e."IS_TRIAL" = FALSE, FALSE);

-- audience paying_eq
CREATE OR REPLACE TEMPORARY TABLE "ROSTER_AUDIENCE_PAYING_EQ" AS
select e.id
from "ROSTER_STAGE_ACCOUNTS" as "E"
left join "ROSTER_FEATURES_ACCOUNT" as "F" on "F"."ID" = "E"."ID"
where COALESCE(e."IS_TRIAL" = FALSE, FALSE);

-- audience not_trial
CREATE OR REPLACE TEMPORARY TABLE "ROSTER_AUDIENCE_NOT_TRIAL" AS
select e.id
from "ROSTER_STAGE_ACCOUNTS" as "E"
left join "ROSTER_FEATURES_ACCOUNT" as "F" on "F"."ID" = "E"."ID"
where (NOT COALESCE(e."IS_TRIAL" = TRUE, FALSE));

-- audience beta_users
CREATE OR REPLACE TEMPORARY TABLE "ROSTER_AUDIENCE_BETA_USERS" AS
select e.id
from "ROSTER_STAGE_USERS" as "E"
left join "ROSTER_FEATURES_USER" as "F" on "F"."ID" = "E"."ID"
where COALESCE(e."BETA" = TRUE, FALSE);

-- audience not_beta_users
CREATE OR REPLACE TEMPORARY TABLE "ROSTER_AUDIENCE_NOT_BETA_USERS" AS
select e.id
from "ROSTER_STAGE_USERS" as "E"
left join "ROSTER_FEATURES_USER" as "F" on "F"."ID" = "E"."ID"
where (NOT COALESCE(e."BETA" = TRUE, FALSE));

-- audience trial_eq (account)
select id
from "ROSTER_AUDIENCE_TRIAL_EQ";

-- audience trial_is (account)
select id
from "ROSTER_AUDIENCE_TRIAL_IS";

-- audience paying (account)
select id
from "ROSTER_AUDIENCE_PAYING";

-- audience paying_eq (account)
select id
from "ROSTER_AUDIENCE_PAYING_EQ";

-- audience not_trial (account)
select id
from "ROSTER_AUDIENCE_NOT_TRIAL";

-- audience beta_users (user)
select id
from "ROSTER_AUDIENCE_BETA_USERS";

-- audience not_beta_users (user)
select id
from "ROSTER_AUDIENCE_NOT_BETA_USERS";

drop table if exists "ROSTER_AUDIENCE_NOT_BETA_USERS";

drop table if exists "ROSTER_AUDIENCE_BETA_USERS";

drop table if exists "ROSTER_AUDIENCE_NOT_TRIAL";

drop table if exists "ROSTER_AUDIENCE_PAYING_EQ";

drop table if exists "ROSTER_AUDIENCE_PAYING";

drop table if exists "ROSTER_AUDIENCE_TRIAL_IS";

drop table if exists "ROSTER_AUDIENCE_TRIAL_EQ";

drop table if exists "ROSTER_FEATURES_ACCOUNT";

drop table if exists "ROSTER_FEATURES_USER";

drop table if exists "ROSTER_STAGE_MEMBERSHIPS";

drop table if exists "ROSTER_STAGE_ACCOUNTS";

drop table if exists "ROSTER_STAGE_USERS";
