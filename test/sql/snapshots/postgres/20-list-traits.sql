-- roster: postgres script for now = 2026-06-30T00:00:00.000Z

-- Every user (distinct non-null ids) with the custom traits the project reads.
CREATE TEMPORARY TABLE "roster_stage_users" AS
select distinct on (CAST(s."id" AS text)) CAST(s."id" AS text) AS id
from "users" AS s
where CAST(s."id" AS text) IS NOT NULL;

-- Every account (distinct non-null ids) with the custom traits the project reads.
CREATE TEMPORARY TABLE "roster_stage_accounts" AS
select distinct on (CAST(s."id" AS text))
  CAST(s."id" AS text) AS id,
  CAST(s."tags" AS text[]) AS "tags"
from "accounts" AS s
where CAST(s."id" AS text) IS NOT NULL;

-- Distinct (user, account) pairs whose user and account both exist.
CREATE TEMPORARY TABLE "roster_stage_memberships" AS
select distinct
  CAST(s."user_id" AS text) AS user_id,
  CAST(s."account_id" AS text) AS account_id
from "memberships" AS s
where CAST(s."user_id" AS text) in (
  select id
  from "roster_stage_users"
)
  and CAST(s."account_id" AS text) in (
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

-- audience beta_tagged
CREATE TEMPORARY TABLE "roster_audience_beta_tagged" AS
select e.id
from "roster_stage_accounts" as "e"
left join "roster_features_account" as "f" on "f"."id" = "e"."id"
where COALESCE((e."tags" && CAST(ARRAY[E'beta'] AS text[])), FALSE);

-- audience any_ent
CREATE TEMPORARY TABLE "roster_audience_any_ent" AS
select e.id
from "roster_stage_accounts" as "e"
left join "roster_features_account" as "f" on "f"."id" = "e"."id"
where COALESCE((e."tags" && CAST(ARRAY[E'enterprise', E'smb'] AS text[])), FALSE);

-- audience beta_and_ent
CREATE TEMPORARY TABLE "roster_audience_beta_and_ent" AS
select e.id
from "roster_stage_accounts" as "e"
left join "roster_features_account" as "f" on "f"."id" = "e"."id"
where COALESCE((e."tags" @> CAST(ARRAY[E'beta', E'enterprise'] AS text[])), FALSE);

-- audience not_beta
CREATE TEMPORARY TABLE "roster_audience_not_beta" AS
select e.id
from "roster_stage_accounts" as "e"
left join "roster_features_account" as "f" on "f"."id" = "e"."id"
where (NOT COALESCE((e."tags" && CAST(ARRAY[E'beta'] AS text[])), FALSE));

-- audience beta_tagged (account)
select id
from "roster_audience_beta_tagged";

-- audience any_ent (account)
select id
from "roster_audience_any_ent";

-- audience beta_and_ent (account)
select id
from "roster_audience_beta_and_ent";

-- audience not_beta (account)
select id
from "roster_audience_not_beta";

drop table if exists "roster_audience_not_beta";

drop table if exists "roster_audience_beta_and_ent";

drop table if exists "roster_audience_any_ent";

drop table if exists "roster_audience_beta_tagged";

drop table if exists "roster_features_account";

drop table if exists "roster_features_user";

drop table if exists "roster_stage_memberships";

drop table if exists "roster_stage_accounts";

drop table if exists "roster_stage_users";
