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
  CAST(s."event" AS VARCHAR) AS event,
  CASE WHEN CAST(s."event" AS VARCHAR) IN ('Order Completed') THEN TRY_CAST(CAST(json_extract(CAST(s."properties" AS JSON), '$."revenue"') AS VARCHAR) AS DOUBLE) END AS "p_revenue",
  CASE WHEN CAST(s."event" AS VARCHAR) IN ('NPS Submitted') THEN TRY_CAST(CAST(json_extract(CAST(s."properties" AS JSON), '$."score"') AS VARCHAR) AS DOUBLE) END AS "p_score"
from "tracks" AS s
where CAST(s."user_id" AS VARCHAR) IS NOT NULL
  and CAST(s."timestamp" AS TIMESTAMPTZ) <= CAST('2026-06-30T00:00:00.000Z' AS TIMESTAMPTZ)
  and CAST(s."event" AS VARCHAR) IN ('Logged In', 'NPS Submitted', 'Order Completed');

-- Partial aggregates of every feature over tracks of event "Logged In", in one pass, per user.
CREATE OR REPLACE TEMPORARY TABLE "roster_partials_tracks_1" AS
select
  e.user_id,
  count(CASE WHEN e.ts > CAST('2026-05-31T00:00:00.000Z' AS TIMESTAMPTZ) AND e.ts <= CAST('2026-06-30T00:00:00.000Z' AS TIMESTAMPTZ) THEN 1 END) AS "f1__n"
from "roster_stage_tracks" as "e"
where e.event = 'Logged In'
group by e.user_id;

-- Partial aggregates of every feature over tracks of event "NPS Submitted", in one pass, per user.
CREATE OR REPLACE TEMPORARY TABLE "roster_partials_tracks_2" AS
select
  e.user_id,
  sum(e."p_score") AS "f3__s",
  count(e."p_score") AS "f3__n"
from "roster_stage_tracks" as "e"
where e.event = 'NPS Submitted'
group by e.user_id;

-- Partial aggregates of every feature over tracks of event "Order Completed", in one pass, per user.
CREATE OR REPLACE TEMPORARY TABLE "roster_partials_tracks_3" AS
select e.user_id, sum(e."p_revenue") AS "f2__s"
from "roster_stage_tracks" as "e"
where e.event = 'Order Completed'
group by e.user_id;

-- Every feature needed per user.
CREATE OR REPLACE TEMPORARY TABLE "roster_features_user" AS
select
  x.id,
  CAST(r1."f3__s" / NULLIF(r1."f3__n", 0) AS DOUBLE) AS "f3",
  COALESCE(CAST(r2."f2__s" AS DOUBLE), CAST(0 AS DOUBLE)) AS "f2"
from "roster_stage_users" as "x"
left join "roster_partials_tracks_2" as "r1" on r1.user_id = x.id
left join "roster_partials_tracks_3" as "r2" on r2.user_id = x.id;

-- Every feature needed per account.
CREATE OR REPLACE TEMPORARY TABLE "roster_features_account" AS
select x.id, COALESCE(r1."f1", CAST(0 AS DOUBLE)) AS "f1"
from "roster_stage_accounts" as "x"
left join (
  select m.account_id AS id, CAST(sum(p."f1__n") AS DOUBLE) AS "f1"
  from "roster_stage_memberships" as "m"
  inner join "roster_partials_tracks_1" as "p" on p.user_id = m.user_id
  group by m.account_id
) as "r1" on r1.id = x.id;

-- audience low_activity
CREATE OR REPLACE TEMPORARY TABLE "roster_audience_low_activity" AS
select e.id
from "roster_stage_accounts" as "e"
left join "roster_features_account" as "f" on "f"."id" = "e"."id"
where COALESCE(f."f1" < CAST(3 AS DOUBLE), FALSE);

-- audience low_activity_named
CREATE OR REPLACE TEMPORARY TABLE "roster_audience_low_activity_named" AS
select e.id
from "roster_stage_accounts" as "e"
left join "roster_features_account" as "f" on "f"."id" = "e"."id"
where COALESCE(f."f1" < CAST(3 AS DOUBLE), FALSE);

-- audience big_spenders
CREATE OR REPLACE TEMPORARY TABLE "roster_audience_big_spenders" AS
select e.id
from "roster_stage_users" as "e"
left join "roster_features_user" as "f" on "f"."id" = "e"."id"
where COALESCE(f."f2" >= CAST(100 AS DOUBLE), FALSE);

-- audience happy
CREATE OR REPLACE TEMPORARY TABLE "roster_audience_happy" AS
select e.id
from "roster_stage_users" as "e"
left join "roster_features_user" as "f" on "f"."id" = "e"."id"
where COALESCE(f."f3" >= CAST(8 AS DOUBLE), FALSE);

-- audience low_activity (account)
select id
from "roster_audience_low_activity";

-- trait logins_30d (account)
select id, "f1" AS value
from "roster_features_account"
where "f1" is not null;

-- audience low_activity_named (account)
select id
from "roster_audience_low_activity_named";

-- audience big_spenders (user)
select id
from "roster_audience_big_spenders";

-- audience happy (user)
select id
from "roster_audience_happy";

drop table if exists "roster_audience_happy";

drop table if exists "roster_audience_big_spenders";

drop table if exists "roster_audience_low_activity_named";

drop table if exists "roster_audience_low_activity";

drop table if exists "roster_features_account";

drop table if exists "roster_features_user";

drop table if exists "roster_partials_tracks_3";

drop table if exists "roster_partials_tracks_2";

drop table if exists "roster_partials_tracks_1";

drop view if exists "roster_stage_tracks";

drop table if exists "roster_stage_memberships";

drop table if exists "roster_stage_accounts";

drop table if exists "roster_stage_users";
