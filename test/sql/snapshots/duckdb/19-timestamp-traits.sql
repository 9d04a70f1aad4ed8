-- roster: duckdb script for now = 2026-06-30T00:00:00.000Z

-- Every user (distinct non-null ids) with the custom traits the project reads.
CREATE OR REPLACE TEMPORARY TABLE "roster_stage_users" AS
select distinct on (CAST(s."id" AS VARCHAR))
  CAST(s."id" AS VARCHAR) AS id,
  CAST(s."signed_up_at" AS TIMESTAMPTZ) AS "signed_up_at"
from "users" AS s
where CAST(s."id" AS VARCHAR) IS NOT NULL;

-- Every account (distinct non-null ids) with the custom traits the project reads.
CREATE OR REPLACE TEMPORARY TABLE "roster_stage_accounts" AS
select distinct on (CAST(s."id" AS VARCHAR))
  CAST(s."id" AS VARCHAR) AS id,
  CAST(s."created_at" AS TIMESTAMPTZ) AS "created_at"
from "accounts" AS s
where CAST(s."id" AS VARCHAR) IS NOT NULL;

-- Distinct (user, account) pairs whose user and account both exist.
CREATE OR REPLACE TEMPORARY TABLE "roster_stage_memberships" AS
select distinct
  CAST(s."user_id" AS VARCHAR) AS user_id,
  CAST(s."account_id" AS VARCHAR) AS account_id
from "memberships" AS s
where CAST(s."user_id" AS VARCHAR) in (
  select id
  from "roster_stage_users"
)
  and CAST(s."account_id" AS VARCHAR) in (
  select id
  from "roster_stage_accounts"
);

-- No event features per user.
CREATE OR REPLACE TEMPORARY TABLE "roster_features_user" AS
select x.id
from "roster_stage_users" as "x";

-- No event features per account.
CREATE OR REPLACE TEMPORARY TABLE "roster_features_account" AS
select x.id
from "roster_stage_accounts" as "x";

-- audience new_users
CREATE OR REPLACE TEMPORARY TABLE "roster_audience_new_users" AS
select e.id
from "roster_stage_users" as "e"
left join "roster_features_user" as "f" on "f"."id" = "e"."id"
where COALESCE(e."signed_up_at" > CAST('2026-05-31T00:00:00.000Z' AS TIMESTAMPTZ) AND e."signed_up_at" <= CAST('2026-06-30T00:00:00.000Z' AS TIMESTAMPTZ), FALSE);

-- audience old_users
CREATE OR REPLACE TEMPORARY TABLE "roster_audience_old_users" AS
select e.id
from "roster_stage_users" as "e"
left join "roster_features_user" as "f" on "f"."id" = "e"."id"
where COALESCE(e."signed_up_at" < CAST('2026-01-01T00:00:00.000Z' AS TIMESTAMPTZ), FALSE);

-- audience signed_2026
CREATE OR REPLACE TEMPORARY TABLE "roster_audience_signed_2026" AS
select e.id
from "roster_stage_users" as "e"
left join "roster_features_user" as "f" on "f"."id" = "e"."id"
where COALESCE(e."signed_up_at" >= CAST('2026-01-01T00:00:00.000Z' AS TIMESTAMPTZ), FALSE);

-- audience h1_signups
CREATE OR REPLACE TEMPORARY TABLE "roster_audience_h1_signups" AS
select e.id
from "roster_stage_users" as "e"
left join "roster_features_user" as "f" on "f"."id" = "e"."id"
where COALESCE(e."signed_up_at" >= CAST('2026-01-01T00:00:00.000Z' AS TIMESTAMPTZ) AND e."signed_up_at" < CAST('2026-05-31T00:00:00.000Z' AS TIMESTAMPTZ), FALSE);

-- audience not_new
CREATE OR REPLACE TEMPORARY TABLE "roster_audience_not_new" AS
select e.id
from "roster_stage_users" as "e"
left join "roster_features_user" as "f" on "f"."id" = "e"."id"
where (NOT COALESCE(e."signed_up_at" > CAST('2026-05-31T00:00:00.000Z' AS TIMESTAMPTZ) AND e."signed_up_at" <= CAST('2026-06-30T00:00:00.000Z' AS TIMESTAMPTZ), FALSE));

-- audience recent_accounts
CREATE OR REPLACE TEMPORARY TABLE "roster_audience_recent_accounts" AS
select e.id
from "roster_stage_accounts" as "e"
left join "roster_features_account" as "f" on "f"."id" = "e"."id"
where COALESCE(e."created_at" > CAST('2026-06-16T00:00:00.000Z' AS TIMESTAMPTZ) AND e."created_at" <= CAST('2026-06-30T00:00:00.000Z' AS TIMESTAMPTZ), FALSE);

-- audience new_users (user)
select id
from "roster_audience_new_users";

-- audience old_users (user)
select id
from "roster_audience_old_users";

-- audience signed_2026 (user)
select id
from "roster_audience_signed_2026";

-- audience h1_signups (user)
select id
from "roster_audience_h1_signups";

-- audience not_new (user)
select id
from "roster_audience_not_new";

-- audience recent_accounts (account)
select id
from "roster_audience_recent_accounts";

drop table if exists "roster_audience_recent_accounts";

drop table if exists "roster_audience_not_new";

drop table if exists "roster_audience_h1_signups";

drop table if exists "roster_audience_signed_2026";

drop table if exists "roster_audience_old_users";

drop table if exists "roster_audience_new_users";

drop table if exists "roster_features_account";

drop table if exists "roster_features_user";

drop table if exists "roster_stage_memberships";

drop table if exists "roster_stage_accounts";

drop table if exists "roster_stage_users";
