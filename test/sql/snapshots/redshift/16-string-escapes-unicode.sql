-- roster: redshift script for now = 2026-06-30T00:00:00.000Z

-- Every user (distinct non-null ids) with the custom traits the project reads.
CREATE TEMPORARY TABLE "roster_stage_users" AS
select d.id, d."title"
from (
  select
    CAST(s."id" AS VARCHAR(65535)) AS id,
    CAST(s."title" AS VARCHAR(65535)) AS "title",
    row_number() OVER (PARTITION BY CAST(s."id" AS VARCHAR(65535)) ORDER BY CAST(s."id" AS VARCHAR(65535))) AS roster_row
  from "users" AS s
  where CAST(s."id" AS VARCHAR(65535)) IS NOT NULL
) as "d"
where d.roster_row = 1;

-- Every account (distinct non-null ids) with the custom traits the project reads.
CREATE TEMPORARY TABLE "roster_stage_accounts" AS
select d.id
from (
  select
    CAST(s."id" AS VARCHAR(65535)) AS id,
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

-- audience quoted
CREATE TEMPORARY TABLE "roster_audience_quoted" AS
select e.id
from "roster_stage_users" as "e"
left join "roster_features_user" as "f" on "f"."id" = "e"."id"
where COALESCE((STRPOS(e."title", '"Growth"') > 0), FALSE);

-- audience exact_quoted
CREATE TEMPORARY TABLE "roster_audience_exact_quoted" AS
select e.id
from "roster_stage_users" as "e"
left join "roster_features_user" as "f" on "f"."id" = "e"."id"
where COALESCE((e."title" || CHR(1)) = ('Head of "Growth"' || CHR(1)), FALSE);

-- audience backslash
CREATE TEMPORARY TABLE "roster_audience_backslash" AS
select e.id
from "roster_stage_users" as "e"
left join "roster_features_user" as "f" on "f"."id" = "e"."id"
where COALESCE((STRPOS(e."title", '\\') > 0), FALSE);

-- audience ops
CREATE TEMPORARY TABLE "roster_audience_ops" AS
select e.id
from "roster_stage_users" as "e"
left join "roster_features_user" as "f" on "f"."id" = "e"."id"
where COALESCE((e."title" || CHR(1)) = ('Ops\\Infra' || CHR(1)), FALSE);

-- audience german
CREATE TEMPORARY TABLE "roster_audience_german" AS
select e.id
from "roster_stage_users" as "e"
left join "roster_features_user" as "f" on "f"."id" = "e"."id"
where COALESCE((STRPOS(REVERSE(e."title"), 'rerhüf') = 1), FALSE);

-- audience tokyo
CREATE TEMPORARY TABLE "roster_audience_tokyo" AS
select e.id
from "roster_stage_users" as "e"
left join "roster_features_user" as "f" on "f"."id" = "e"."id"
where COALESCE((STRPOS(e."title", '東京') = 1), FALSE);

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
