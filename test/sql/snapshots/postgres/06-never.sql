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
  CAST(s."event" AS text) AS event
from "tracks" AS s
where CAST(s."user_id" AS text) IS NOT NULL
  and CAST(s."timestamp" AS timestamptz) <= CAST(E'2026-06-30T00:00:00.000Z' AS timestamptz)
  and CAST(s."event" AS text) IN (E'Logged In', E'Order Completed')
order by "event" asc;

CREATE INDEX ON "roster_stage_tracks" (event);

ANALYZE "roster_stage_tracks";

-- Partial aggregates of every feature over tracks of event "Logged In", in one pass, per user.
CREATE TEMPORARY TABLE "roster_partials_tracks_1" AS
select
  e.user_id,
  count(CASE WHEN e.ts > CAST(E'2026-06-23T00:00:00.000Z' AS timestamptz) AND e.ts <= CAST(E'2026-06-30T00:00:00.000Z' AS timestamptz) THEN 1 END) AS "f3__n"
from "roster_stage_tracks" as "e"
where e.event = E'Logged In'
group by e.user_id;

-- Partial aggregates of every feature over tracks of event "Order Completed", in one pass, per user.
CREATE TEMPORARY TABLE "roster_partials_tracks_2" AS
select
  e.user_id,
  count(*) AS "f1__n",
  count(CASE WHEN e.ts > CAST(E'2026-05-31T00:00:00.000Z' AS timestamptz) AND e.ts <= CAST(E'2026-06-30T00:00:00.000Z' AS timestamptz) THEN 1 END) AS "f2__n"
from "roster_stage_tracks" as "e"
where e.event = E'Order Completed'
group by e.user_id;

-- Every feature needed per user.
CREATE TEMPORARY TABLE "roster_features_user" AS
select
  x.id,
  COALESCE(CAST(r1."f3__n" AS double precision), CAST(0 AS double precision)) AS "f3",
  COALESCE(CAST(r2."f1__n" AS double precision), CAST(0 AS double precision)) AS "f1",
  COALESCE(CAST(r2."f2__n" AS double precision), CAST(0 AS double precision)) AS "f2"
from "roster_stage_users" as "x"
left join "roster_partials_tracks_1" as "r1" on r1.user_id = x.id
left join "roster_partials_tracks_2" as "r2" on r2.user_id = x.id;

-- No event features per account.
CREATE TEMPORARY TABLE "roster_features_account" AS
select x.id
from "roster_stage_accounts" as "x";

-- audience never_ordered
CREATE TEMPORARY TABLE "roster_audience_never_ordered" AS
select e.id
from "roster_stage_users" as "e"
left join "roster_features_user" as "f" on "f"."id" = "e"."id"
where (NOT COALESCE(f."f1" >= CAST(1 AS double precision), FALSE));

-- audience no_orders_30d
CREATE TEMPORARY TABLE "roster_audience_no_orders_30d" AS
select e.id
from "roster_stage_users" as "e"
left join "roster_features_user" as "f" on "f"."id" = "e"."id"
where COALESCE(f."f2" = CAST(0 AS double precision), FALSE);

-- audience no_logins_recent
CREATE TEMPORARY TABLE "roster_audience_no_logins_recent" AS
select e.id
from "roster_stage_users" as "e"
left join "roster_features_user" as "f" on "f"."id" = "e"."id"
where (NOT COALESCE(f."f3" >= CAST(1 AS double precision), FALSE));

-- audience never_ordered (user)
select id
from "roster_audience_never_ordered";

-- audience no_orders_30d (user)
select id
from "roster_audience_no_orders_30d";

-- audience no_logins_recent (user)
select id
from "roster_audience_no_logins_recent";

drop table if exists "roster_audience_no_logins_recent";

drop table if exists "roster_audience_no_orders_30d";

drop table if exists "roster_audience_never_ordered";

drop table if exists "roster_features_account";

drop table if exists "roster_features_user";

drop table if exists "roster_partials_tracks_2";

drop table if exists "roster_partials_tracks_1";

drop table if exists "roster_stage_tracks";

drop table if exists "roster_stage_memberships";

drop table if exists "roster_stage_accounts";

drop table if exists "roster_stage_users";
