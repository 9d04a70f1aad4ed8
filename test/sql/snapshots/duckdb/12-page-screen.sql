-- roster: duckdb script for now = 2026-06-30T00:00:00.000Z

-- Every user (distinct non-null ids) with the custom traits the project reads.
CREATE OR REPLACE TEMPORARY TABLE "roster_stage_users" AS
select distinct on (CAST(s."id" AS VARCHAR)) CAST(s."id" AS VARCHAR) AS id
from "users" AS s
where CAST(s."id" AS VARCHAR) IS NOT NULL;

-- Every account (distinct non-null ids) with the custom traits the project reads.
CREATE OR REPLACE TEMPORARY TABLE "roster_stage_accounts" AS
select distinct on (CAST(s."id" AS VARCHAR)) CAST(s."id" AS VARCHAR) AS id
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

-- The one scan of pages: events up to now, only what the project reads.
CREATE OR REPLACE TEMPORARY VIEW "roster_stage_pages" AS
select
  s.user_id,
  s.ts,
  CASE WHEN regexp_matches(s."p_path", '^[-+.0-9\[{FINTfint]') THEN CASE WHEN json_type(s.roster_json, '$."path"') = 'VARCHAR' THEN s."p_path" END ELSE s."p_path" END AS "p_path"
from (
  select
    CAST(s."user_id" AS VARCHAR) AS user_id,
    CAST(s."timestamp" AS TIMESTAMPTZ) AS ts,
    json_extract_string(CAST(s."properties" AS JSON), '$."path"') AS "p_path",
    CAST(s."properties" AS JSON) AS roster_json
  from "pages" AS s
  where CAST(s."user_id" AS VARCHAR) IS NOT NULL
    and CAST(s."timestamp" AS TIMESTAMPTZ) <= CAST('2026-06-30T00:00:00.000Z' AS TIMESTAMPTZ)
) as "s";

-- The one scan of screens: events up to now, only what the project reads.
CREATE OR REPLACE TEMPORARY VIEW "roster_stage_screens" AS
select
  s.user_id,
  s.ts,
  CASE WHEN regexp_matches(s."p_name", '^[-+.0-9\[{FINTfint]') THEN CASE WHEN json_type(s.roster_json, '$."name"') = 'VARCHAR' THEN s."p_name" END ELSE s."p_name" END AS "p_name"
from (
  select
    CAST(s."user_id" AS VARCHAR) AS user_id,
    CAST(s."timestamp" AS TIMESTAMPTZ) AS ts,
    json_extract_string(CAST(s."properties" AS JSON), '$."name"') AS "p_name",
    CAST(s."properties" AS JSON) AS roster_json
  from "screens" AS s
  where CAST(s."user_id" AS VARCHAR) IS NOT NULL
    and CAST(s."timestamp" AS TIMESTAMPTZ) <= CAST('2026-06-30T00:00:00.000Z' AS TIMESTAMPTZ)
) as "s";

-- Partial aggregates of every feature over pages, in one pass, per user.
CREATE OR REPLACE TEMPORARY TABLE "roster_partials_pages" AS
select
  e.user_id,
  count(CASE WHEN e.ts > CAST('2026-05-31T00:00:00.000Z' AS TIMESTAMPTZ) AND e.ts <= CAST('2026-06-30T00:00:00.000Z' AS TIMESTAMPTZ) AND COALESCE(e."p_path" = '/pricing', FALSE) THEN 1 END) AS "f1__n",
  count(*) AS "f3__n",
  count(CASE WHEN COALESCE(e."p_path" = '/pricing', FALSE) THEN 1 END) AS "t_pricing_views__n"
from "roster_stage_pages" as "e"
group by e.user_id;

-- Partial aggregates of every feature over screens, in one pass, per user.
CREATE OR REPLACE TEMPORARY TABLE "roster_partials_screens" AS
select
  e.user_id,
  count(CASE WHEN COALESCE(e."p_name" = 'Home', FALSE) THEN 1 END) AS "f2__n"
from "roster_stage_screens" as "e"
group by e.user_id;

-- Every feature needed per user.
CREATE OR REPLACE TEMPORARY TABLE "roster_features_user" AS
select
  x.id,
  COALESCE(CAST(r1."f1__n" AS DOUBLE), CAST(0 AS DOUBLE)) AS "f1",
  COALESCE(CAST(r1."f3__n" AS DOUBLE), CAST(0 AS DOUBLE)) AS "f3",
  COALESCE(CAST(r1."t_pricing_views__n" AS DOUBLE), CAST(0 AS DOUBLE)) AS "t_pricing_views",
  COALESCE(CAST(r2."f2__n" AS DOUBLE), CAST(0 AS DOUBLE)) AS "f2"
from "roster_stage_users" as "x"
left join "roster_partials_pages" as "r1" on r1.user_id = x.id
left join "roster_partials_screens" as "r2" on r2.user_id = x.id;

-- No event features per account.
CREATE OR REPLACE TEMPORARY TABLE "roster_features_account" AS
select x.id
from "roster_stage_accounts" as "x";

-- Per account: its users, and how many of them satisfy each quantifier body, in one pass.
CREATE OR REPLACE TEMPORARY TABLE "roster_quantified_account" AS
select
  m.account_id AS id,
  count(*) AS n,
  count(CASE WHEN COALESCE(fu."f1" >= CAST(1 AS DOUBLE), FALSE) THEN 1 END) AS "q1"
from "roster_stage_memberships" as "m"
inner join "roster_stage_users" as "u" on u.id = m.user_id
left join "roster_features_user" as "fu" on fu.id = u.id
group by m.account_id;

-- audience pricing_viewers
CREATE OR REPLACE TEMPORARY TABLE "roster_audience_pricing_viewers" AS
select e.id
from "roster_stage_users" as "e"
left join "roster_features_user" as "f" on "f"."id" = "e"."id"
where COALESCE(f."f1" >= CAST(1 AS DOUBLE), FALSE);

-- audience app_home
CREATE OR REPLACE TEMPORARY TABLE "roster_audience_app_home" AS
select e.id
from "roster_stage_users" as "e"
left join "roster_features_user" as "f" on "f"."id" = "e"."id"
where COALESCE(f."f2" >= CAST(2 AS DOUBLE), FALSE);

-- audience any_page
CREATE OR REPLACE TEMPORARY TABLE "roster_audience_any_page" AS
select e.id
from "roster_stage_users" as "e"
left join "roster_features_user" as "f" on "f"."id" = "e"."id"
where COALESCE(f."f3" >= CAST(1 AS DOUBLE), FALSE);

-- audience pricing_accounts
CREATE OR REPLACE TEMPORARY TABLE "roster_audience_pricing_accounts" AS
select e.id
from "roster_stage_accounts" as "e"
left join "roster_features_account" as "f" on "f"."id" = "e"."id"
left join "roster_quantified_account" as "g" on "g"."id" = "e"."id"
where (COALESCE(g."q1", CAST(0 AS DOUBLE)) > CAST(0 AS DOUBLE));

-- audience pricing_viewers (user)
select id
from "roster_audience_pricing_viewers";

-- audience app_home (user)
select id
from "roster_audience_app_home";

-- audience any_page (user)
select id
from "roster_audience_any_page";

-- trait pricing_views (user)
select id, "t_pricing_views" AS value
from "roster_features_user"
where "t_pricing_views" is not null;

-- audience pricing_accounts (account)
select id
from "roster_audience_pricing_accounts";

drop table if exists "roster_audience_pricing_accounts";

drop table if exists "roster_audience_any_page";

drop table if exists "roster_audience_app_home";

drop table if exists "roster_audience_pricing_viewers";

drop table if exists "roster_quantified_account";

drop table if exists "roster_features_account";

drop table if exists "roster_features_user";

drop table if exists "roster_partials_screens";

drop table if exists "roster_partials_pages";

drop view if exists "roster_stage_screens";

drop view if exists "roster_stage_pages";

drop table if exists "roster_stage_memberships";

drop table if exists "roster_stage_accounts";

drop table if exists "roster_stage_users";
