-- roster: redshift script for now = 2026-04-15T09:30:00.000Z

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
  CAST(s."event" AS VARCHAR(65535)) AS event
from "tracks" AS s
where CAST(s."user_id" AS VARCHAR(65535)) IS NOT NULL
  and CAST(s."timestamp" AS TIMESTAMPTZ) <= CAST('2026-04-15 09:30:00.000+00:00' AS TIMESTAMPTZ)
  and CAST(s."timestamp" AS TIMESTAMPTZ) >= CAST('2026-04-15 03:30:00.000+00:00' AS TIMESTAMPTZ)
  and CAST(s."event" AS VARCHAR(65535)) IN ('Feature Used');

-- Partial aggregates of every feature over tracks, in one pass, per user.
CREATE TEMPORARY TABLE "roster_partials_tracks" AS
select
  e.user_id,
  count(CASE WHEN e.event = 'Feature Used' AND e.ts > CAST('2026-04-15 08:45:00.000+00:00' AS TIMESTAMPTZ) AND e.ts <= CAST('2026-04-15 09:30:00.000+00:00' AS TIMESTAMPTZ) THEN 1 END) AS "f1__n",
  count(CASE WHEN e.event = 'Feature Used' AND e.ts > CAST('2026-04-15 03:30:00.000+00:00' AS TIMESTAMPTZ) AND e.ts <= CAST('2026-04-15 09:30:00.000+00:00' AS TIMESTAMPTZ) THEN 1 END) AS "f2__n"
from "roster_stage_tracks" as "e"
group by e.user_id;

-- Every feature needed per user.
CREATE TEMPORARY TABLE "roster_features_user" AS
select
  x.id,
  COALESCE(CAST(r1."f1__n" AS DOUBLE PRECISION), CAST(0 AS DOUBLE PRECISION)) AS "f1",
  COALESCE(CAST(r1."f2__n" AS DOUBLE PRECISION), CAST(0 AS DOUBLE PRECISION)) AS "f2"
from "roster_stage_users" as "x"
left join "roster_partials_tracks" as "r1" on r1.user_id = x.id;

-- No event features per account.
CREATE TEMPORARY TABLE "roster_features_account" AS
select x.id
from "roster_stage_accounts" as "x";

-- audience active_45m
CREATE TEMPORARY TABLE "roster_audience_active_45m" AS
select e.id
from "roster_stage_users" as "e"
left join "roster_features_user" as "f" on "f"."id" = "e"."id"
where COALESCE(f."f1" >= CAST(1 AS DOUBLE PRECISION), FALSE);

-- audience active_6h
CREATE TEMPORARY TABLE "roster_audience_active_6h" AS
select e.id
from "roster_stage_users" as "e"
left join "roster_features_user" as "f" on "f"."id" = "e"."id"
where COALESCE(f."f2" >= CAST(1 AS DOUBLE PRECISION), FALSE);

-- audience active_45m (user)
select id
from "roster_audience_active_45m";

-- audience active_6h (user)
select id
from "roster_audience_active_6h";

-- trait uses_6h (user)
select id, "f2" AS value
from "roster_features_user"
where "f2" is not null;

drop table if exists "roster_audience_active_6h";

drop table if exists "roster_audience_active_45m";

drop table if exists "roster_features_account";

drop table if exists "roster_features_user";

drop table if exists "roster_partials_tracks";

drop table if exists "roster_stage_tracks";

drop table if exists "roster_stage_memberships";

drop table if exists "roster_stage_accounts";

drop table if exists "roster_stage_users";
