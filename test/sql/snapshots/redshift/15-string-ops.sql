-- roster: redshift script for now = 2026-06-30T00:00:00.000Z

-- Every user (distinct non-null ids) with the custom traits the project reads.
CREATE TEMPORARY TABLE "roster_stage_users" AS
select d.id
from (
  select
    CAST(s."id" AS VARCHAR(65535)) AS id,
    row_number() OVER (PARTITION BY CAST(s."id" AS VARCHAR(65535)) ORDER BY CAST(s."id" AS VARCHAR(65535))) AS roster_row
  from "users" AS s
  where CAST(s."id" AS VARCHAR(65535)) IS NOT NULL
) as "d"
where d.roster_row = 1;

-- Every account (distinct non-null ids) with the custom traits the project reads.
CREATE TEMPORARY TABLE "roster_stage_accounts" AS
select d.id, d."name"
from (
  select
    CAST(s."id" AS VARCHAR(65535)) AS id,
    CAST(s."name" AS VARCHAR(65535)) AS "name",
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

-- audience acme_prefix
CREATE TEMPORARY TABLE "roster_audience_acme_prefix" AS
select e.id
from "roster_stage_accounts" as "e"
left join "roster_features_account" as "f" on "f"."id" = "e"."id"
where COALESCE((STRPOS(e."name", 'Acme') = 1), FALSE);

-- audience corp
CREATE TEMPORARY TABLE "roster_audience_corp" AS
select e.id
from "roster_stage_accounts" as "e"
left join "roster_features_account" as "f" on "f"."id" = "e"."id"
where COALESCE((STRPOS(e."name", 'Corp') > 0), FALSE);

-- audience percent
CREATE TEMPORARY TABLE "roster_audience_percent" AS
select e.id
from "roster_stage_accounts" as "e"
left join "roster_features_account" as "f" on "f"."id" = "e"."id"
where COALESCE((STRPOS(e."name", '100%') > 0), FALSE);

-- audience underscore_io
CREATE TEMPORARY TABLE "roster_audience_underscore_io" AS
select e.id
from "roster_stage_accounts" as "e"
left join "roster_features_account" as "f" on "f"."id" = "e"."id"
where COALESCE((STRPOS(REVERSE(e."name"), 'oi_') = 1), FALSE);

-- audience not_acme_exact
CREATE TEMPORARY TABLE "roster_audience_not_acme_exact" AS
select e.id
from "roster_stage_accounts" as "e"
left join "roster_features_account" as "f" on "f"."id" = "e"."id"
where (NOT COALESCE((e."name" || CHR(1)) = ('Acme Corp' || CHR(1)), FALSE));

-- audience acme_prefix (account)
select id
from "roster_audience_acme_prefix";

-- audience corp (account)
select id
from "roster_audience_corp";

-- audience percent (account)
select id
from "roster_audience_percent";

-- audience underscore_io (account)
select id
from "roster_audience_underscore_io";

-- audience not_acme_exact (account)
select id
from "roster_audience_not_acme_exact";

drop table if exists "roster_audience_not_acme_exact";

drop table if exists "roster_audience_underscore_io";

drop table if exists "roster_audience_percent";

drop table if exists "roster_audience_corp";

drop table if exists "roster_audience_acme_prefix";

drop table if exists "roster_features_account";

drop table if exists "roster_features_user";

drop table if exists "roster_stage_memberships";

drop table if exists "roster_stage_accounts";

drop table if exists "roster_stage_users";
