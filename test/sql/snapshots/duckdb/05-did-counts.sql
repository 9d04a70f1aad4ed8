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

-- The one scan of tracks: events up to now, only what the project reads.
CREATE OR REPLACE TEMPORARY VIEW "roster_stage_tracks" AS
select
  CAST(s."user_id" AS VARCHAR) AS user_id,
  CAST(s."timestamp" AS TIMESTAMPTZ) AS ts,
  CAST(s."event" AS VARCHAR) AS event
from "tracks" AS s
where CAST(s."user_id" AS VARCHAR) IS NOT NULL
  and CAST(s."timestamp" AS TIMESTAMPTZ) <= CAST('2026-06-30T00:00:00.000Z' AS TIMESTAMPTZ)
  and CAST(s."event" AS VARCHAR) IN ('Feature Used');

-- Partial aggregates of every feature over tracks, in one pass, per user.
CREATE OR REPLACE TEMPORARY TABLE "roster_partials_tracks" AS
select
  e.user_id,
  count(CASE WHEN e.event = 'Feature Used' THEN 1 END) AS "f1__n"
from "roster_stage_tracks" as "e"
group by e.user_id;

-- Every feature needed per user.
CREATE OR REPLACE TEMPORARY TABLE "roster_features_user" AS
select
  x.id,
  COALESCE(CAST(r1."f1__n" AS DOUBLE), CAST(0 AS DOUBLE)) AS "f1"
from "roster_stage_users" as "x"
left join "roster_partials_tracks" as "r1" on r1.user_id = x.id;

-- No event features per account.
CREATE OR REPLACE TEMPORARY TABLE "roster_features_account" AS
select x.id
from "roster_stage_accounts" as "x";

-- audience power
CREATE OR REPLACE TEMPORARY TABLE "roster_audience_power" AS
select e.id
from "roster_stage_users" as "e"
left join "roster_features_user" as "f" on "f"."id" = "e"."id"
where COALESCE(f."f1" >= CAST(3 AS DOUBLE), FALSE);

-- audience light
CREATE OR REPLACE TEMPORARY TABLE "roster_audience_light" AS
select e.id
from "roster_stage_users" as "e"
left join "roster_features_user" as "f" on "f"."id" = "e"."id"
where COALESCE(f."f1" <= CAST(2 AS DOUBLE), FALSE);

-- audience exactly_two
CREATE OR REPLACE TEMPORARY TABLE "roster_audience_exactly_two" AS
select e.id
from "roster_stage_users" as "e"
left join "roster_features_user" as "f" on "f"."id" = "e"."id"
where COALESCE(f."f1" = CAST(2 AS DOUBLE), FALSE);

-- audience more_than_two
CREATE OR REPLACE TEMPORARY TABLE "roster_audience_more_than_two" AS
select e.id
from "roster_stage_users" as "e"
left join "roster_features_user" as "f" on "f"."id" = "e"."id"
where COALESCE(f."f1" > CAST(2 AS DOUBLE), FALSE);

-- audience fewer_than_two
CREATE OR REPLACE TEMPORARY TABLE "roster_audience_fewer_than_two" AS
select e.id
from "roster_stage_users" as "e"
left join "roster_features_user" as "f" on "f"."id" = "e"."id"
where COALESCE(f."f1" < CAST(2 AS DOUBLE), FALSE);

-- audience power (user)
select id
from "roster_audience_power";

-- audience light (user)
select id
from "roster_audience_light";

-- audience exactly_two (user)
select id
from "roster_audience_exactly_two";

-- audience more_than_two (user)
select id
from "roster_audience_more_than_two";

-- audience fewer_than_two (user)
select id
from "roster_audience_fewer_than_two";

drop table if exists "roster_audience_fewer_than_two";

drop table if exists "roster_audience_more_than_two";

drop table if exists "roster_audience_exactly_two";

drop table if exists "roster_audience_light";

drop table if exists "roster_audience_power";

drop table if exists "roster_features_account";

drop table if exists "roster_features_user";

drop table if exists "roster_partials_tracks";

drop view if exists "roster_stage_tracks";

drop table if exists "roster_stage_memberships";

drop table if exists "roster_stage_accounts";

drop table if exists "roster_stage_users";
