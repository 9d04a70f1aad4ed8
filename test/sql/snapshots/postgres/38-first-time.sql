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
  CASE WHEN CAST(s."event" AS text) IN (E'Feature Used') THEN CASE WHEN jsonb_typeof(CAST(s."properties" AS jsonb) -> E'feature') = E'string' THEN (CAST(s."properties" AS jsonb) ->> E'feature') END END AS "p_feature"
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
  min(CASE WHEN COALESCE(e."p_feature" = E'export', FALSE) THEN e.ts END) AS "f2__v",
  min(e.ts) AS "f3__v"
from "roster_stage_tracks" as "e"
where e.event = E'Feature Used'
group by e.user_id;

-- Partial aggregates of every feature over tracks of event "Logged In", in one pass, per user.
CREATE TEMPORARY TABLE "roster_partials_tracks_2" AS
select e.user_id, min(e.ts) AS "f1__v"
from "roster_stage_tracks" as "e"
where e.event = E'Logged In'
group by e.user_id;

-- Every feature needed per user.
CREATE TEMPORARY TABLE "roster_features_user" AS
select
  x.id,
  r1."f2__v" AS "f2",
  r1."f3__v" AS "f3",
  r2."f1__v" AS "f1"
from "roster_stage_users" as "x"
left join "roster_partials_tracks_1" as "r1" on r1.user_id = x.id
left join "roster_partials_tracks_2" as "r2" on r2.user_id = x.id;

-- No event features per account.
CREATE TEMPORARY TABLE "roster_features_account" AS
select x.id
from "roster_stage_accounts" as "x";

-- audience new_loggers
CREATE TEMPORARY TABLE "roster_audience_new_loggers" AS
select e.id
from "roster_stage_users" as "e"
left join "roster_features_user" as "f" on "f"."id" = "e"."id"
where COALESCE(f."f1" > CAST(E'2026-06-23T00:00:00.000Z' AS timestamptz) AND f."f1" <= CAST(E'2026-06-30T00:00:00.000Z' AS timestamptz), FALSE);

-- audience not_new
CREATE TEMPORARY TABLE "roster_audience_not_new" AS
select e.id
from "roster_stage_users" as "e"
left join "roster_features_user" as "f" on "f"."id" = "e"."id"
where (NOT COALESCE(f."f1" > CAST(E'2026-06-23T00:00:00.000Z' AS timestamptz) AND f."f1" <= CAST(E'2026-06-30T00:00:00.000Z' AS timestamptz), FALSE));

-- audience first_in_june
CREATE TEMPORARY TABLE "roster_audience_first_in_june" AS
select e.id
from "roster_stage_users" as "e"
left join "roster_features_user" as "f" on "f"."id" = "e"."id"
where COALESCE(f."f1" >= CAST(E'2026-06-01T00:00:00.000Z' AS timestamptz) AND f."f1" < CAST(E'2026-07-01T00:00:00.000Z' AS timestamptz), FALSE);

-- audience first_7_60_ago
CREATE TEMPORARY TABLE "roster_audience_first_7_60_ago" AS
select e.id
from "roster_stage_users" as "e"
left join "roster_features_user" as "f" on "f"."id" = "e"."id"
where COALESCE(f."f1" > CAST(E'2026-05-01T00:00:00.000Z' AS timestamptz) AND f."f1" <= CAST(E'2026-06-23T00:00:00.000Z' AS timestamptz), FALSE);

-- audience new_exporters
CREATE TEMPORARY TABLE "roster_audience_new_exporters" AS
select e.id
from "roster_stage_users" as "e"
left join "roster_features_user" as "f" on "f"."id" = "e"."id"
where COALESCE(f."f2" > CAST(E'2026-06-23T00:00:00.000Z' AS timestamptz) AND f."f2" <= CAST(E'2026-06-30T00:00:00.000Z' AS timestamptz), FALSE);

-- audience new_feature_users
CREATE TEMPORARY TABLE "roster_audience_new_feature_users" AS
select e.id
from "roster_stage_users" as "e"
left join "roster_features_user" as "f" on "f"."id" = "e"."id"
where COALESCE(f."f3" > CAST(E'2026-06-23T00:00:00.000Z' AS timestamptz) AND f."f3" <= CAST(E'2026-06-30T00:00:00.000Z' AS timestamptz), FALSE);

-- audience new_loggers (user)
select id
from "roster_audience_new_loggers";

-- audience not_new (user)
select id
from "roster_audience_not_new";

-- audience first_in_june (user)
select id
from "roster_audience_first_in_june";

-- audience first_7_60_ago (user)
select id
from "roster_audience_first_7_60_ago";

-- audience new_exporters (user)
select id
from "roster_audience_new_exporters";

-- audience new_feature_users (user)
select id
from "roster_audience_new_feature_users";

-- trait first_export (user)
select id, "f2" AS value
from "roster_features_user"
where "f2" is not null;

drop table if exists "roster_audience_new_feature_users";

drop table if exists "roster_audience_new_exporters";

drop table if exists "roster_audience_first_7_60_ago";

drop table if exists "roster_audience_first_in_june";

drop table if exists "roster_audience_not_new";

drop table if exists "roster_audience_new_loggers";

drop table if exists "roster_features_account";

drop table if exists "roster_features_user";

drop table if exists "roster_partials_tracks_2";

drop table if exists "roster_partials_tracks_1";

drop table if exists "roster_stage_tracks";

drop table if exists "roster_stage_memberships";

drop table if exists "roster_stage_accounts";

drop table if exists "roster_stage_users";
