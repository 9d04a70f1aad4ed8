-- roster: redshift script for now = 2026-06-30T00:00:00.000Z

-- Every user (distinct non-null ids) with the custom traits the project reads.
CREATE TEMPORARY TABLE "roster_stage_users" AS
select d.id, d."beta"
from (
  select
    CAST(s."id" AS VARCHAR(65535)) AS id,
    CAST(s."beta" AS BOOLEAN) AS "beta",
    row_number() OVER (PARTITION BY CAST(s."id" AS VARCHAR(65535)) ORDER BY CAST(s."id" AS VARCHAR(65535))) AS roster_row
  from "users" AS s
  where CAST(s."id" AS VARCHAR(65535)) IS NOT NULL
) as "d"
where d.roster_row = 1;

-- Every account (distinct non-null ids) with the custom traits the project reads.
CREATE TEMPORARY TABLE "roster_stage_accounts" AS
select d.id, d."is_trial"
from (
  select
    CAST(s."id" AS VARCHAR(65535)) AS id,
    CAST(s."is_trial" AS BOOLEAN) AS "is_trial",
    row_number() OVER (PARTITION BY CAST(s."id" AS VARCHAR(65535)) ORDER BY CAST(s."id" AS VARCHAR(65535))) AS roster_row
  from "accounts" AS s
  where CAST(s."id" AS VARCHAR(65535)) IS NOT NULL
) as "d"
where d.roster_row = 1;

-- Distinct (user, account) pairs whose user and account both exist.
CREATE TEMPORARY TABLE "roster_stage_memberships" AS
select distinct
  CAST(s."user_id" AS VARCHAR(65535)) AS user_id,
  CAST(s."account_id" AS VARCHAR(65535)) AS account_id
from "memberships" AS s
where CAST(s."user_id" AS VARCHAR(65535)) in (
  select id
  from "roster_stage_users"
)
  and CAST(s."account_id" AS VARCHAR(65535)) in (
  select id
  from "roster_stage_accounts"
);

-- No event features per user.
CREATE TEMPORARY TABLE "roster_features_user" AS
select x.id
from "roster_stage_users" as "x";

-- No event features per account.
CREATE TEMPORARY TABLE "roster_features_account" AS
select x.id
from "roster_stage_accounts" as "x";

-- audience trial_eq
CREATE TEMPORARY TABLE "roster_audience_trial_eq" AS
select e.id
from "roster_stage_accounts" as "e"
left join "roster_features_account" as "f" on "f"."id" = "e"."id"
where COALESCE(e."is_trial" = TRUE, FALSE);

-- audience trial_is
CREATE TEMPORARY TABLE "roster_audience_trial_is" AS
select e.id
from "roster_stage_accounts" as "e"
left join "roster_features_account" as "f" on "f"."id" = "e"."id"
where COALESCE(e."is_trial" = TRUE, FALSE);

-- audience paying
CREATE TEMPORARY TABLE "roster_audience_paying" AS
select e.id
from "roster_stage_accounts" as "e"
left join "roster_features_account" as "f" on "f"."id" = "e"."id"
where COALESCE(e."is_trial" = FALSE, FALSE);

-- audience paying_eq
CREATE TEMPORARY TABLE "roster_audience_paying_eq" AS
select e.id
from "roster_stage_accounts" as "e"
left join "roster_features_account" as "f" on "f"."id" = "e"."id"
where COALESCE(e."is_trial" = FALSE, FALSE);

-- audience not_trial
CREATE TEMPORARY TABLE "roster_audience_not_trial" AS
select e.id
from "roster_stage_accounts" as "e"
left join "roster_features_account" as "f" on "f"."id" = "e"."id"
where (NOT COALESCE(e."is_trial" = TRUE, FALSE));

-- audience beta_users
CREATE TEMPORARY TABLE "roster_audience_beta_users" AS
select e.id
from "roster_stage_users" as "e"
left join "roster_features_user" as "f" on "f"."id" = "e"."id"
where COALESCE(e."beta" = TRUE, FALSE);

-- audience not_beta_users
CREATE TEMPORARY TABLE "roster_audience_not_beta_users" AS
select e.id
from "roster_stage_users" as "e"
left join "roster_features_user" as "f" on "f"."id" = "e"."id"
where (NOT COALESCE(e."beta" = TRUE, FALSE));

-- audience trial_eq (account)
select id
from "roster_audience_trial_eq";

-- audience trial_is (account)
select id
from "roster_audience_trial_is";

-- audience paying (account)
select id
from "roster_audience_paying";

-- audience paying_eq (account)
select id
from "roster_audience_paying_eq";

-- audience not_trial (account)
select id
from "roster_audience_not_trial";

-- audience beta_users (user)
select id
from "roster_audience_beta_users";

-- audience not_beta_users (user)
select id
from "roster_audience_not_beta_users";

drop table if exists "roster_audience_not_beta_users";

drop table if exists "roster_audience_beta_users";

drop table if exists "roster_audience_not_trial";

drop table if exists "roster_audience_paying_eq";

drop table if exists "roster_audience_paying";

drop table if exists "roster_audience_trial_is";

drop table if exists "roster_audience_trial_eq";

drop table if exists "roster_features_account";

drop table if exists "roster_features_user";

drop table if exists "roster_stage_memberships";

drop table if exists "roster_stage_accounts";

drop table if exists "roster_stage_users";
