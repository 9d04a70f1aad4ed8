-- roster: postgres script for now = 2026-06-30T00:00:00.000Z

-- Every user (distinct non-null ids) with the custom traits the project reads.
CREATE TEMPORARY TABLE "roster_stage_users" AS
select distinct on (CAST(s."id" AS text))
  CAST(s."id" AS text) AS id,
  CAST(s."title" AS text) AS "title"
from "users" AS s
where CAST(s."id" AS text) IS NOT NULL;

-- Every account (distinct non-null ids) with the custom traits the project reads.
CREATE TEMPORARY TABLE "roster_stage_accounts" AS
select distinct on (CAST(s."id" AS text)) CAST(s."id" AS text) AS id
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

-- audience quoted
CREATE TEMPORARY TABLE "roster_audience_quoted" AS
select e.id
from "roster_stage_users" as "e"
left join "roster_features_user" as "f" on "f"."id" = "e"."id"
where COALESCE((strpos(e."title", E'"Growth"') > 0), FALSE);

-- audience exact_quoted
CREATE TEMPORARY TABLE "roster_audience_exact_quoted" AS
select e.id
from "roster_stage_users" as "e"
left join "roster_features_user" as "f" on "f"."id" = "e"."id"
where COALESCE(e."title" = E'Head of "Growth"', FALSE);

-- audience backslash
CREATE TEMPORARY TABLE "roster_audience_backslash" AS
select e.id
from "roster_stage_users" as "e"
left join "roster_features_user" as "f" on "f"."id" = "e"."id"
where COALESCE((strpos(e."title", E'\\') > 0), FALSE);

-- audience ops
CREATE TEMPORARY TABLE "roster_audience_ops" AS
select e.id
from "roster_stage_users" as "e"
left join "roster_features_user" as "f" on "f"."id" = "e"."id"
where COALESCE(e."title" = E'Ops\\Infra', FALSE);

-- audience german
CREATE TEMPORARY TABLE "roster_audience_german" AS
select e.id
from "roster_stage_users" as "e"
left join "roster_features_user" as "f" on "f"."id" = "e"."id"
where COALESCE((right(e."title", length(E'führer')) = E'führer'), FALSE);

-- audience tokyo
CREATE TEMPORARY TABLE "roster_audience_tokyo" AS
select e.id
from "roster_stage_users" as "e"
left join "roster_features_user" as "f" on "f"."id" = "e"."id"
where COALESCE(starts_with(e."title", E'東京'), FALSE);

-- audience quoted (user)
select id
from "roster_audience_quoted";

-- audience exact_quoted (user)
select id
from "roster_audience_exact_quoted";

-- audience backslash (user)
select id
from "roster_audience_backslash";

-- audience ops (user)
select id
from "roster_audience_ops";

-- audience german (user)
select id
from "roster_audience_german";

-- audience tokyo (user)
select id
from "roster_audience_tokyo";

drop table if exists "roster_audience_tokyo";

drop table if exists "roster_audience_german";

drop table if exists "roster_audience_ops";

drop table if exists "roster_audience_backslash";

drop table if exists "roster_audience_exact_quoted";

drop table if exists "roster_audience_quoted";

drop table if exists "roster_features_account";

drop table if exists "roster_features_user";

drop table if exists "roster_stage_memberships";

drop table if exists "roster_stage_accounts";

drop table if exists "roster_stage_users";
