-- roster: postgres script for now = 2026-06-30T12:00:00.000Z

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
  and CAST(s."timestamp" AS timestamptz) <= CAST(E'2026-06-30T12:00:00.000Z' AS timestamptz)
  and CAST(s."timestamp" AS timestamptz) >= CAST(E'2026-06-02T12:00:00.000Z' AS timestamptz)
  and CAST(s."event" AS text) IN (E'Feature Used', E'Logged In')
order by "event" asc;

CREATE INDEX ON "roster_stage_tracks" (event);

ANALYZE "roster_stage_tracks";

-- Partial aggregates of every feature over tracks of event "Feature Used", in one pass, per user.
CREATE TEMPORARY TABLE "roster_partials_tracks_1" AS
select
  e.user_id,
  count(CASE WHEN e.ts > CAST(E'2026-06-29T12:00:00.000Z' AS timestamptz) AND e.ts <= CAST(E'2026-06-30T12:00:00.000Z' AS timestamptz) AND COALESCE(e."p_feature" = E'export', FALSE) THEN 1 END) AS "f5__n",
  count(CASE WHEN e.ts > CAST(E'2026-06-28T12:00:00.000Z' AS timestamptz) AND e.ts <= CAST(E'2026-06-29T12:00:00.000Z' AS timestamptz) AND COALESCE(e."p_feature" = E'export', FALSE) THEN 1 END) AS "f6__n",
  count(CASE WHEN e.ts > CAST(E'2026-06-27T12:00:00.000Z' AS timestamptz) AND e.ts <= CAST(E'2026-06-28T12:00:00.000Z' AS timestamptz) AND COALESCE(e."p_feature" = E'export', FALSE) THEN 1 END) AS "f7__n"
from "roster_stage_tracks" as "e"
where e.event = E'Feature Used'
group by e.user_id;

-- Partial aggregates of every feature over tracks of event "Logged In", in one pass, per user.
CREATE TEMPORARY TABLE "roster_partials_tracks_2" AS
select
  e.user_id,
  count(CASE WHEN e.ts > CAST(E'2026-06-23T12:00:00.000Z' AS timestamptz) AND e.ts <= CAST(E'2026-06-30T12:00:00.000Z' AS timestamptz) THEN 1 END) AS "f1__n",
  count(CASE WHEN e.ts > CAST(E'2026-06-16T12:00:00.000Z' AS timestamptz) AND e.ts <= CAST(E'2026-06-23T12:00:00.000Z' AS timestamptz) THEN 1 END) AS "f2__n",
  count(CASE WHEN e.ts > CAST(E'2026-06-09T12:00:00.000Z' AS timestamptz) AND e.ts <= CAST(E'2026-06-16T12:00:00.000Z' AS timestamptz) THEN 1 END) AS "f3__n",
  count(CASE WHEN e.ts > CAST(E'2026-06-02T12:00:00.000Z' AS timestamptz) AND e.ts <= CAST(E'2026-06-09T12:00:00.000Z' AS timestamptz) THEN 1 END) AS "f4__n"
from "roster_stage_tracks" as "e"
where e.event = E'Logged In'
group by e.user_id;

-- Every feature needed per user.
CREATE TEMPORARY TABLE "roster_features_user" AS
select
  x.id,
  COALESCE(CAST(r1."f5__n" AS double precision), CAST(0 AS double precision)) AS "f5",
  COALESCE(CAST(r1."f6__n" AS double precision), CAST(0 AS double precision)) AS "f6",
  COALESCE(CAST(r1."f7__n" AS double precision), CAST(0 AS double precision)) AS "f7",
  COALESCE(CAST(r2."f1__n" AS double precision), CAST(0 AS double precision)) AS "f1",
  COALESCE(CAST(r2."f2__n" AS double precision), CAST(0 AS double precision)) AS "f2",
  COALESCE(CAST(r2."f3__n" AS double precision), CAST(0 AS double precision)) AS "f3",
  COALESCE(CAST(r2."f4__n" AS double precision), CAST(0 AS double precision)) AS "f4"
from "roster_stage_users" as "x"
left join "roster_partials_tracks_1" as "r1" on r1.user_id = x.id
left join "roster_partials_tracks_2" as "r2" on r2.user_id = x.id;

-- No event features per account.
CREATE TEMPORARY TABLE "roster_features_account" AS
select x.id
from "roster_stage_accounts" as "x";

-- audience weekly_login
CREATE TEMPORARY TABLE "roster_audience_weekly_login" AS
select e.id
from "roster_stage_users" as "e"
left join "roster_features_user" as "f" on "f"."id" = "e"."id"
where ((CASE WHEN COALESCE(f."f1" >= CAST(1 AS double precision), FALSE) THEN 1 ELSE 0 END
  + CASE WHEN COALESCE(f."f2" >= CAST(1 AS double precision), FALSE) THEN 1 ELSE 0 END
  + CASE WHEN COALESCE(f."f3" >= CAST(1 AS double precision), FALSE) THEN 1 ELSE 0 END
  + CASE WHEN COALESCE(f."f4" >= CAST(1 AS double precision), FALSE) THEN 1 ELSE 0 END) >= CAST(3 AS double precision));

-- audience every_week
CREATE TEMPORARY TABLE "roster_audience_every_week" AS
select e.id
from "roster_stage_users" as "e"
left join "roster_features_user" as "f" on "f"."id" = "e"."id"
where ((CASE WHEN COALESCE(f."f1" >= CAST(1 AS double precision), FALSE) THEN 1 ELSE 0 END
  + CASE WHEN COALESCE(f."f2" >= CAST(1 AS double precision), FALSE) THEN 1 ELSE 0 END
  + CASE WHEN COALESCE(f."f3" >= CAST(1 AS double precision), FALSE) THEN 1 ELSE 0 END
  + CASE WHEN COALESCE(f."f4" >= CAST(1 AS double precision), FALSE) THEN 1 ELSE 0 END) >= CAST(4 AS double precision));

-- audience twice_weekly
CREATE TEMPORARY TABLE "roster_audience_twice_weekly" AS
select e.id
from "roster_stage_users" as "e"
left join "roster_features_user" as "f" on "f"."id" = "e"."id"
where ((CASE WHEN COALESCE(f."f1" >= CAST(2 AS double precision), FALSE) THEN 1 ELSE 0 END
  + CASE WHEN COALESCE(f."f2" >= CAST(2 AS double precision), FALSE) THEN 1 ELSE 0 END
  + CASE WHEN COALESCE(f."f3" >= CAST(2 AS double precision), FALSE) THEN 1 ELSE 0 END) >= CAST(2 AS double precision));

-- audience daily_export
CREATE TEMPORARY TABLE "roster_audience_daily_export" AS
select e.id
from "roster_stage_users" as "e"
left join "roster_features_user" as "f" on "f"."id" = "e"."id"
where ((CASE WHEN COALESCE(f."f5" >= CAST(1 AS double precision), FALSE) THEN 1 ELSE 0 END
  + CASE WHEN COALESCE(f."f6" >= CAST(1 AS double precision), FALSE) THEN 1 ELSE 0 END
  + CASE WHEN COALESCE(f."f7" >= CAST(1 AS double precision), FALSE) THEN 1 ELSE 0 END) >= CAST(2 AS double precision));

-- audience weekly_login (user)
select id
from "roster_audience_weekly_login";

-- audience every_week (user)
select id
from "roster_audience_every_week";

-- audience twice_weekly (user)
select id
from "roster_audience_twice_weekly";

-- audience daily_export (user)
select id
from "roster_audience_daily_export";

drop table if exists "roster_audience_daily_export";

drop table if exists "roster_audience_twice_weekly";

drop table if exists "roster_audience_every_week";

drop table if exists "roster_audience_weekly_login";

drop table if exists "roster_features_account";

drop table if exists "roster_features_user";

drop table if exists "roster_partials_tracks_2";

drop table if exists "roster_partials_tracks_1";

drop table if exists "roster_stage_tracks";

drop table if exists "roster_stage_memberships";

drop table if exists "roster_stage_accounts";

drop table if exists "roster_stage_users";
