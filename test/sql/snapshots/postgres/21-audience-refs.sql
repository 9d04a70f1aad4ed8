-- roster: postgres script for now = 2026-06-30T00:00:00.000Z

-- Every user (distinct non-null ids) with the custom traits the project reads.
CREATE TEMPORARY TABLE "roster_stage_users" AS
select distinct on (CAST(s."id" AS text))
  CAST(s."id" AS text) AS id,
  CAST(s."beta" AS boolean) AS "beta"
from "users" AS s
where CAST(s."id" AS text) IS NOT NULL;

-- Every account (distinct non-null ids) with the custom traits the project reads.
CREATE TEMPORARY TABLE "roster_stage_accounts" AS
select distinct on (CAST(s."id" AS text))
  CAST(s."id" AS text) AS id,
  CAST(s."mrr" AS double precision) AS "mrr"
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
  and CAST(s."event" AS text) IN (E'Feature Used', E'Logged In')
order by "event" asc;

CREATE INDEX ON "roster_stage_tracks" (event);

ANALYZE "roster_stage_tracks";

-- Partial aggregates of every feature over tracks of event "Feature Used", in one pass, per user.
CREATE TEMPORARY TABLE "roster_partials_tracks_1" AS
select
  e.user_id,
  count(CASE WHEN e.ts > CAST(E'2026-05-31T00:00:00.000Z' AS timestamptz) AND e.ts <= CAST(E'2026-06-30T00:00:00.000Z' AS timestamptz) THEN 1 END) AS "f2__n",
  count(*) AS "f3__n"
from "roster_stage_tracks" as "e"
where e.event = E'Feature Used'
group by e.user_id;

-- Partial aggregates of every feature over tracks of event "Logged In", in one pass, per user.
CREATE TEMPORARY TABLE "roster_partials_tracks_2" AS
select
  e.user_id,
  count(CASE WHEN e.ts > CAST(E'2026-05-31T00:00:00.000Z' AS timestamptz) AND e.ts <= CAST(E'2026-06-30T00:00:00.000Z' AS timestamptz) THEN 1 END) AS "f1__n"
from "roster_stage_tracks" as "e"
where e.event = E'Logged In'
group by e.user_id;

-- Every feature needed per user.
CREATE TEMPORARY TABLE "roster_features_user" AS
select
  x.id,
  COALESCE(CAST(r1."f2__n" AS double precision), CAST(0 AS double precision)) AS "f2",
  COALESCE(CAST(r1."f3__n" AS double precision), CAST(0 AS double precision)) AS "f3",
  COALESCE(CAST(r2."f1__n" AS double precision), CAST(0 AS double precision)) AS "f1"
from "roster_stage_users" as "x"
left join "roster_partials_tracks_1" as "r1" on r1.user_id = x.id
left join "roster_partials_tracks_2" as "r2" on r2.user_id = x.id;

-- No event features per account.
CREATE TEMPORARY TABLE "roster_features_account" AS
select x.id
from "roster_stage_accounts" as "x";

-- Per account: its users, and how many of them satisfy each quantifier body, in one pass.
CREATE TEMPORARY TABLE "roster_quantified_account" AS
select
  m.account_id AS id,
  count(*) AS n,
  count(CASE WHEN COALESCE(fu."f1" >= CAST(1 AS double precision), FALSE) THEN 1 END) AS "q1",
  count(CASE WHEN COALESCE(fu."f2" >= CAST(1 AS double precision), FALSE) THEN 1 END) AS "q2"
from "roster_stage_memberships" as "m"
inner join "roster_stage_users" as "u" on u.id = m.user_id
left join "roster_features_user" as "fu" on fu.id = u.id
group by m.account_id;

-- audience churn_risk
CREATE TEMPORARY TABLE "roster_audience_churn_risk" AS
select e.id
from "roster_stage_accounts" as "e"
left join "roster_features_account" as "f" on "f"."id" = "e"."id"
left join "roster_quantified_account" as "g" on "g"."id" = "e"."id"
where (COALESCE(e."mrr" < CAST(100 AS double precision), FALSE)
  OR (COALESCE(g."q1", CAST(0 AS double precision)) = CAST(0 AS double precision)));

-- audience engaged
CREATE TEMPORARY TABLE "roster_audience_engaged" AS
select e.id
from "roster_stage_accounts" as "e"
left join "roster_features_account" as "f" on "f"."id" = "e"."id"
left join "roster_quantified_account" as "g" on "g"."id" = "e"."id"
where (COALESCE(g."q2", CAST(0 AS double precision)) > CAST(0 AS double precision));

-- audience target
CREATE TEMPORARY TABLE "roster_audience_target" AS
select e.id
from "roster_stage_accounts" as "e"
left join "roster_features_account" as "f" on "f"."id" = "e"."id"
where (EXISTS (
  select 1
  from "roster_audience_engaged" as "a1"
  where a1.id = e.id
)
  AND (NOT EXISTS (
  select 1
  from "roster_audience_churn_risk" as "a2"
  where a2.id = e.id
)));

-- audience heavy_users
CREATE TEMPORARY TABLE "roster_audience_heavy_users" AS
select e.id
from "roster_stage_users" as "e"
left join "roster_features_user" as "f" on "f"."id" = "e"."id"
where COALESCE(f."f3" >= CAST(2 AS double precision), FALSE);

-- audience vip_users
CREATE TEMPORARY TABLE "roster_audience_vip_users" AS
select e.id
from "roster_stage_users" as "e"
left join "roster_features_user" as "f" on "f"."id" = "e"."id"
where (EXISTS (
  select 1
  from "roster_audience_heavy_users" as "a3"
  where a3.id = e.id
)
  AND COALESCE(e."beta" = TRUE, FALSE));

-- audience churn_risk (account)
select id
from "roster_audience_churn_risk";

-- audience engaged (account)
select id
from "roster_audience_engaged";

-- audience target (account)
select id
from "roster_audience_target";

-- audience heavy_users (user)
select id
from "roster_audience_heavy_users";

-- audience vip_users (user)
select id
from "roster_audience_vip_users";

drop table if exists "roster_audience_vip_users";

drop table if exists "roster_audience_heavy_users";

drop table if exists "roster_audience_target";

drop table if exists "roster_audience_engaged";

drop table if exists "roster_audience_churn_risk";

drop table if exists "roster_quantified_account";

drop table if exists "roster_features_account";

drop table if exists "roster_features_user";

drop table if exists "roster_partials_tracks_2";

drop table if exists "roster_partials_tracks_1";

drop table if exists "roster_stage_tracks";

drop table if exists "roster_stage_memberships";

drop table if exists "roster_stage_accounts";

drop table if exists "roster_stage_users";
