-- roster: redshift script for now = 2026-06-30T12:00:00.000Z

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
select d.id
from (
  select
    CAST(s."id" AS VARCHAR(65535)) AS id,
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

-- The one scan of tracks: events up to now, only what the project reads.
CREATE TEMPORARY TABLE "roster_stage_tracks" AS
select
  CAST(s."user_id" AS VARCHAR(65535)) AS user_id,
  CAST(s."timestamp" AS TIMESTAMPTZ) AS ts,
  CAST(s."event" AS VARCHAR(65535)) AS event,
  CASE WHEN CAST(s."event" AS VARCHAR(65535)) IN ('Feature Used') THEN CASE WHEN JSON_TYPEOF(s."properties"['feature']) = 'string' THEN CAST(s."properties"['feature'] AS VARCHAR(65535)) END END AS "p_feature"
from "tracks" AS s
where CAST(s."user_id" AS VARCHAR(65535)) IS NOT NULL
  and CAST(s."timestamp" AS TIMESTAMPTZ) <= CAST('2026-06-30 12:00:00.000+00:00' AS TIMESTAMPTZ)
  and CAST(s."timestamp" AS TIMESTAMPTZ) >= CAST('2026-06-02 12:00:00.000+00:00' AS TIMESTAMPTZ)
  and CAST(s."event" AS VARCHAR(65535)) IN ('Feature Used', 'Logged In');

-- Partial aggregates of every feature over tracks, in one pass, per user.
CREATE TEMPORARY TABLE "roster_partials_tracks" AS
select
  e.user_id,
  count(CASE WHEN e.event = 'Logged In' AND e.ts > CAST('2026-06-23 12:00:00.000+00:00' AS TIMESTAMPTZ) AND e.ts <= CAST('2026-06-30 12:00:00.000+00:00' AS TIMESTAMPTZ) THEN 1 END) AS "f1__n",
  count(CASE WHEN e.event = 'Logged In' AND e.ts > CAST('2026-06-16 12:00:00.000+00:00' AS TIMESTAMPTZ) AND e.ts <= CAST('2026-06-23 12:00:00.000+00:00' AS TIMESTAMPTZ) THEN 1 END) AS "f2__n",
  count(CASE WHEN e.event = 'Logged In' AND e.ts > CAST('2026-06-09 12:00:00.000+00:00' AS TIMESTAMPTZ) AND e.ts <= CAST('2026-06-16 12:00:00.000+00:00' AS TIMESTAMPTZ) THEN 1 END) AS "f3__n",
  count(CASE WHEN e.event = 'Logged In' AND e.ts > CAST('2026-06-02 12:00:00.000+00:00' AS TIMESTAMPTZ) AND e.ts <= CAST('2026-06-09 12:00:00.000+00:00' AS TIMESTAMPTZ) THEN 1 END) AS "f4__n",
  count(CASE WHEN e.event = 'Feature Used' AND e.ts > CAST('2026-06-29 12:00:00.000+00:00' AS TIMESTAMPTZ) AND e.ts <= CAST('2026-06-30 12:00:00.000+00:00' AS TIMESTAMPTZ) AND COALESCE((e."p_feature" || CHR(1)) = ('export' || CHR(1)), FALSE) THEN 1 END) AS "f5__n",
  count(CASE WHEN e.event = 'Feature Used' AND e.ts > CAST('2026-06-28 12:00:00.000+00:00' AS TIMESTAMPTZ) AND e.ts <= CAST('2026-06-29 12:00:00.000+00:00' AS TIMESTAMPTZ) AND COALESCE((e."p_feature" || CHR(1)) = ('export' || CHR(1)), FALSE) THEN 1 END) AS "f6__n",
  count(CASE WHEN e.event = 'Feature Used' AND e.ts > CAST('2026-06-27 12:00:00.000+00:00' AS TIMESTAMPTZ) AND e.ts <= CAST('2026-06-28 12:00:00.000+00:00' AS TIMESTAMPTZ) AND COALESCE((e."p_feature" || CHR(1)) = ('export' || CHR(1)), FALSE) THEN 1 END) AS "f7__n"
from "roster_stage_tracks" as "e"
group by e.user_id;

-- Every feature needed per user.
CREATE TEMPORARY TABLE "roster_features_user" AS
select
  x.id,
  COALESCE(CAST(r1."f1__n" AS DOUBLE PRECISION), CAST(0 AS DOUBLE PRECISION)) AS "f1",
  COALESCE(CAST(r1."f2__n" AS DOUBLE PRECISION), CAST(0 AS DOUBLE PRECISION)) AS "f2",
  COALESCE(CAST(r1."f3__n" AS DOUBLE PRECISION), CAST(0 AS DOUBLE PRECISION)) AS "f3",
  COALESCE(CAST(r1."f4__n" AS DOUBLE PRECISION), CAST(0 AS DOUBLE PRECISION)) AS "f4",
  COALESCE(CAST(r1."f5__n" AS DOUBLE PRECISION), CAST(0 AS DOUBLE PRECISION)) AS "f5",
  COALESCE(CAST(r1."f6__n" AS DOUBLE PRECISION), CAST(0 AS DOUBLE PRECISION)) AS "f6",
  COALESCE(CAST(r1."f7__n" AS DOUBLE PRECISION), CAST(0 AS DOUBLE PRECISION)) AS "f7"
from "roster_stage_users" as "x"
left join "roster_partials_tracks" as "r1" on r1.user_id = x.id;

-- No event features per account.
CREATE TEMPORARY TABLE "roster_features_account" AS
select x.id
from "roster_stage_accounts" as "x";

-- audience weekly_login
CREATE TEMPORARY TABLE "roster_audience_weekly_login" AS
select e.id
from "roster_stage_users" as "e"
left join "roster_features_user" as "f" on "f"."id" = "e"."id"
where ((CASE WHEN COALESCE(f."f1" >= CAST(1 AS DOUBLE PRECISION), FALSE) THEN 1 ELSE 0 END
  + CASE WHEN COALESCE(f."f2" >= CAST(1 AS DOUBLE PRECISION), FALSE) THEN 1 ELSE 0 END
  + CASE WHEN COALESCE(f."f3" >= CAST(1 AS DOUBLE PRECISION), FALSE) THEN 1 ELSE 0 END
  + CASE WHEN COALESCE(f."f4" >= CAST(1 AS DOUBLE PRECISION), FALSE) THEN 1 ELSE 0 END) >= CAST(3 AS DOUBLE PRECISION));

-- audience every_week
CREATE TEMPORARY TABLE "roster_audience_every_week" AS
select e.id
from "roster_stage_users" as "e"
left join "roster_features_user" as "f" on "f"."id" = "e"."id"
where ((CASE WHEN COALESCE(f."f1" >= CAST(1 AS DOUBLE PRECISION), FALSE) THEN 1 ELSE 0 END
  + CASE WHEN COALESCE(f."f2" >= CAST(1 AS DOUBLE PRECISION), FALSE) THEN 1 ELSE 0 END
  + CASE WHEN COALESCE(f."f3" >= CAST(1 AS DOUBLE PRECISION), FALSE) THEN 1 ELSE 0 END
  + CASE WHEN COALESCE(f."f4" >= CAST(1 AS DOUBLE PRECISION), FALSE) THEN 1 ELSE 0 END) >= CAST(4 AS DOUBLE PRECISION));

-- audience twice_weekly
CREATE TEMPORARY TABLE "roster_audience_twice_weekly" AS
select e.id
from "roster_stage_users" as "e"
left join "roster_features_user" as "f" on "f"."id" = "e"."id"
where ((CASE WHEN COALESCE(f."f1" >= CAST(2 AS DOUBLE PRECISION), FALSE) THEN 1 ELSE 0 END
  + CASE WHEN COALESCE(f."f2" >= CAST(2 AS DOUBLE PRECISION), FALSE) THEN 1 ELSE 0 END
  + CASE WHEN COALESCE(f."f3" >= CAST(2 AS DOUBLE PRECISION), FALSE) THEN 1 ELSE 0 END) >= CAST(2 AS DOUBLE PRECISION));

-- audience daily_export
CREATE TEMPORARY TABLE "roster_audience_daily_export" AS
select e.id
from "roster_stage_users" as "e"
left join "roster_features_user" as "f" on "f"."id" = "e"."id"
where ((CASE WHEN COALESCE(f."f5" >= CAST(1 AS DOUBLE PRECISION), FALSE) THEN 1 ELSE 0 END
  + CASE WHEN COALESCE(f."f6" >= CAST(1 AS DOUBLE PRECISION), FALSE) THEN 1 ELSE 0 END
  + CASE WHEN COALESCE(f."f7" >= CAST(1 AS DOUBLE PRECISION), FALSE) THEN 1 ELSE 0 END) >= CAST(2 AS DOUBLE PRECISION));

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

drop table if exists "roster_partials_tracks";

drop table if exists "roster_stage_tracks";

drop table if exists "roster_stage_memberships";

drop table if exists "roster_stage_accounts";

drop table if exists "roster_stage_users";
