-- roster: postgres script for now = 2026-06-30T00:00:00.000Z

-- Every user (distinct non-null ids) with the custom traits the project reads.
CREATE TEMPORARY TABLE "roster_stage_users" AS
select distinct on (CAST(s."id" AS text)) CAST(s."id" AS text) AS id
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

-- The one scan of tracks: events up to now, only what the project reads.
CREATE TEMPORARY TABLE "roster_stage_tracks" AS
select
  CAST(s."user_id" AS text) AS user_id,
  CAST(s."timestamp" AS timestamptz) AS ts,
  CAST(s."event" AS text) AS event,
  CASE WHEN CAST(s."event" AS text) IN (E'Order Completed') THEN CASE WHEN jsonb_typeof(CAST(s."properties" AS jsonb) -> E'currency') = E'string' THEN (CAST(s."properties" AS jsonb) ->> E'currency') END END AS "p_currency",
  CASE WHEN CAST(s."event" AS text) IN (E'Feature Used') THEN CASE WHEN jsonb_typeof(CAST(s."properties" AS jsonb) -> E'duration') = E'number' THEN CAST((CAST(s."properties" AS jsonb) ->> E'duration') AS double precision) END END AS "p_duration",
  CASE WHEN CAST(s."event" AS text) IN (E'Feature Used') THEN CASE WHEN jsonb_typeof(CAST(s."properties" AS jsonb) -> E'feature') = E'string' THEN (CAST(s."properties" AS jsonb) ->> E'feature') END END AS "p_feature",
  CASE WHEN CAST(s."event" AS text) IN (E'Order Completed') THEN CASE WHEN jsonb_typeof(CAST(s."properties" AS jsonb) -> E'revenue') = E'number' THEN CAST((CAST(s."properties" AS jsonb) ->> E'revenue') AS double precision) END END AS "p_revenue"
from "tracks" AS s
where CAST(s."user_id" AS text) IS NOT NULL
  and CAST(s."timestamp" AS timestamptz) <= CAST(E'2026-06-30T00:00:00.000Z' AS timestamptz)
  and CAST(s."event" AS text) IN (E'Feature Used', E'Order Completed')
order by "event" asc;

CREATE INDEX ON "roster_stage_tracks" (event);

ANALYZE "roster_stage_tracks";

-- Partial aggregates of every feature over tracks of event "Feature Used", in one pass, per user.
CREATE TEMPORARY TABLE "roster_partials_tracks_1" AS
select
  e.user_id,
  count(CASE WHEN COALESCE(e."p_feature" = E'export', FALSE) THEN 1 END) AS "f1__n",
  count(CASE WHEN COALESCE(e."p_duration" > CAST(30 AS double precision), FALSE) THEN 1 END) AS "f2__n"
from "roster_stage_tracks" as "e"
where e.event = E'Feature Used'
group by e.user_id;

-- Partial aggregates of every feature over tracks of event "Order Completed", in one pass, per user.
CREATE TEMPORARY TABLE "roster_partials_tracks_2" AS
select
  e.user_id,
  count(CASE WHEN e.ts > CAST(E'2026-05-31T00:00:00.000Z' AS timestamptz) AND e.ts <= CAST(E'2026-06-30T00:00:00.000Z' AS timestamptz) AND (COALESCE(e."p_currency" = E'USD', FALSE)
  AND COALESCE(e."p_revenue" >= CAST(100 AS double precision), FALSE)) THEN 1 END) AS "f3__n"
from "roster_stage_tracks" as "e"
where e.event = E'Order Completed'
group by e.user_id;

-- Every feature needed per user.
CREATE TEMPORARY TABLE "roster_features_user" AS
select
  x.id,
  COALESCE(CAST(r1."f1__n" AS double precision), CAST(0 AS double precision)) AS "f1",
  COALESCE(CAST(r1."f2__n" AS double precision), CAST(0 AS double precision)) AS "f2",
  COALESCE(CAST(r2."f3__n" AS double precision), CAST(0 AS double precision)) AS "f3"
from "roster_stage_users" as "x"
left join "roster_partials_tracks_1" as "r1" on r1.user_id = x.id
left join "roster_partials_tracks_2" as "r2" on r2.user_id = x.id;

-- No event features per account.
CREATE TEMPORARY TABLE "roster_features_account" AS
select x.id
from "roster_stage_accounts" as "x";

-- audience exporters
CREATE TEMPORARY TABLE "roster_audience_exporters" AS
select e.id
from "roster_stage_users" as "e"
left join "roster_features_user" as "f" on "f"."id" = "e"."id"
where COALESCE(f."f1" >= CAST(1 AS double precision), FALSE);

-- audience long_sessions
CREATE TEMPORARY TABLE "roster_audience_long_sessions" AS
select e.id
from "roster_stage_users" as "e"
left join "roster_features_user" as "f" on "f"."id" = "e"."id"
where COALESCE(f."f2" >= CAST(2 AS double precision), FALSE);

-- audience big_usd_buyers
CREATE TEMPORARY TABLE "roster_audience_big_usd_buyers" AS
select e.id
from "roster_stage_users" as "e"
left join "roster_features_user" as "f" on "f"."id" = "e"."id"
where COALESCE(f."f3" >= CAST(1 AS double precision), FALSE);

-- audience exporters (user)
select id
from "roster_audience_exporters";

-- audience long_sessions (user)
select id
from "roster_audience_long_sessions";

-- audience big_usd_buyers (user)
select id
from "roster_audience_big_usd_buyers";

drop table if exists "roster_audience_big_usd_buyers";

drop table if exists "roster_audience_long_sessions";

drop table if exists "roster_audience_exporters";

drop table if exists "roster_features_account";

drop table if exists "roster_features_user";

drop table if exists "roster_partials_tracks_2";

drop table if exists "roster_partials_tracks_1";

drop table if exists "roster_stage_tracks";

drop table if exists "roster_stage_memberships";

drop table if exists "roster_stage_accounts";

drop table if exists "roster_stage_users";
