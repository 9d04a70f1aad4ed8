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
  CASE WHEN CAST(s."event" AS text) IN (E'Order Completed') THEN CASE WHEN jsonb_typeof(CAST(s."properties" AS jsonb) -> E'revenue') = E'number' THEN CAST((CAST(s."properties" AS jsonb) ->> E'revenue') AS double precision) END END AS "p_revenue",
  CASE WHEN CAST(s."event" AS text) IN (E'NPS Submitted') THEN CASE WHEN jsonb_typeof(CAST(s."properties" AS jsonb) -> E'score') = E'number' THEN CAST((CAST(s."properties" AS jsonb) ->> E'score') AS double precision) END END AS "p_score"
from "tracks" AS s
where CAST(s."user_id" AS text) IS NOT NULL
  and CAST(s."timestamp" AS timestamptz) <= CAST(E'2026-06-30T00:00:00.000Z' AS timestamptz)
  and CAST(s."event" AS text) IN (E'Logged In', E'NPS Submitted', E'Order Completed')
order by "event" asc;

CREATE INDEX ON "roster_stage_tracks" (event);

ANALYZE "roster_stage_tracks";

-- Partial aggregates of every feature over tracks of event "Logged In", in one pass, per user.
CREATE TEMPORARY TABLE "roster_partials_tracks_1" AS
select
  e.user_id,
  count(CASE WHEN e.ts > CAST(E'2026-05-31T00:00:00.000Z' AS timestamptz) AND e.ts <= CAST(E'2026-06-30T00:00:00.000Z' AS timestamptz) THEN 1 END) AS "f1__n"
from "roster_stage_tracks" as "e"
where e.event = E'Logged In'
group by e.user_id;

-- Partial aggregates of every feature over tracks of event "NPS Submitted", in one pass, per user.
CREATE TEMPORARY TABLE "roster_partials_tracks_2" AS
select
  e.user_id,
  sum(e."p_score") AS "f3__s",
  count(e."p_score") AS "f3__n"
from "roster_stage_tracks" as "e"
where e.event = E'NPS Submitted'
group by e.user_id;

-- Partial aggregates of every feature over tracks of event "Order Completed", in one pass, per user.
CREATE TEMPORARY TABLE "roster_partials_tracks_3" AS
select e.user_id, sum(e."p_revenue") AS "f2__s"
from "roster_stage_tracks" as "e"
where e.event = E'Order Completed'
group by e.user_id;

-- Every feature needed per user.
CREATE TEMPORARY TABLE "roster_features_user" AS
select
  x.id,
  CAST(r1."f3__s" / NULLIF(r1."f3__n", 0) AS double precision) AS "f3",
  COALESCE(CAST(r2."f2__s" AS double precision), CAST(0 AS double precision)) AS "f2"
from "roster_stage_users" as "x"
left join "roster_partials_tracks_2" as "r1" on r1.user_id = x.id
left join "roster_partials_tracks_3" as "r2" on r2.user_id = x.id;

-- Every feature needed per account.
CREATE TEMPORARY TABLE "roster_features_account" AS
select x.id, COALESCE(r1."f1", CAST(0 AS double precision)) AS "f1"
from "roster_stage_accounts" as "x"
left join (
  select
    m.account_id AS id,
    CAST(sum(p."f1__n") AS double precision) AS "f1"
  from "roster_stage_memberships" as "m"
  inner join "roster_partials_tracks_1" as "p" on p.user_id = m.user_id
  group by m.account_id
) as "r1" on r1.id = x.id;

-- audience low_activity
CREATE TEMPORARY TABLE "roster_audience_low_activity" AS
select e.id
from "roster_stage_accounts" as "e"
left join "roster_features_account" as "f" on "f"."id" = "e"."id"
where COALESCE(f."f1" < CAST(3 AS double precision), FALSE);

-- audience low_activity_named
CREATE TEMPORARY TABLE "roster_audience_low_activity_named" AS
select e.id
from "roster_stage_accounts" as "e"
left join "roster_features_account" as "f" on "f"."id" = "e"."id"
where COALESCE(f."f1" < CAST(3 AS double precision), FALSE);

-- audience big_spenders
CREATE TEMPORARY TABLE "roster_audience_big_spenders" AS
select e.id
from "roster_stage_users" as "e"
left join "roster_features_user" as "f" on "f"."id" = "e"."id"
where COALESCE(f."f2" >= CAST(100 AS double precision), FALSE);

-- audience happy
CREATE TEMPORARY TABLE "roster_audience_happy" AS
select e.id
from "roster_stage_users" as "e"
left join "roster_features_user" as "f" on "f"."id" = "e"."id"
where COALESCE(f."f3" >= CAST(8 AS double precision), FALSE);

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

drop table if exists "roster_stage_tracks";

drop table if exists "roster_stage_memberships";

drop table if exists "roster_stage_accounts";

drop table if exists "roster_stage_users";
