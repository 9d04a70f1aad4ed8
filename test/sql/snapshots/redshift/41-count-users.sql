-- roster: redshift script for now = 2026-06-30T00:00:00.000Z

-- Every user (distinct non-null ids) with the custom traits the project reads.
CREATE TEMPORARY TABLE "roster_stage_users" AS
select d.id, d."role"
from (
  select
    CAST(s."id" AS VARCHAR(65535)) AS id,
    CAST(s."role" AS VARCHAR(65535)) AS "role",
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
  and CAST(s."timestamp" AS TIMESTAMPTZ) <= CAST('2026-06-30 00:00:00.000+00:00' AS TIMESTAMPTZ)
  and CAST(s."timestamp" AS TIMESTAMPTZ) >= CAST('2026-05-31 00:00:00.000+00:00' AS TIMESTAMPTZ)
  and CAST(s."event" AS VARCHAR(65535)) IN ('Logged In');

-- Partial aggregates of every feature over tracks, in one pass, per user.
CREATE TEMPORARY TABLE "roster_partials_tracks" AS
select
  e.user_id,
  count(CASE WHEN e.event = 'Logged In' AND e.ts > CAST('2026-05-31 00:00:00.000+00:00' AS TIMESTAMPTZ) AND e.ts <= CAST('2026-06-30 00:00:00.000+00:00' AS TIMESTAMPTZ) THEN 1 END) AS "f1__n"
from "roster_stage_tracks" as "e"
group by e.user_id;

-- Every feature needed per user.
CREATE TEMPORARY TABLE "roster_features_user" AS
select
  x.id,
  COALESCE(CAST(r1."f1__n" AS DOUBLE PRECISION), CAST(0 AS DOUBLE PRECISION)) AS "f1"
from "roster_stage_users" as "x"
left join "roster_partials_tracks" as "r1" on r1.user_id = x.id;

-- No event features per account.
CREATE TEMPORARY TABLE "roster_features_account" AS
select x.id
from "roster_stage_accounts" as "x";

-- Per account: its users, and how many of them satisfy each quantifier body, in one pass.
CREATE TEMPORARY TABLE "roster_quantified_account" AS
select
  m.account_id AS id,
  count(*) AS n,
  count(CASE WHEN COALESCE(fu."f1" >= CAST(1 AS DOUBLE PRECISION), FALSE) THEN 1 END) AS "q1",
  count(CASE WHEN (NOT COALESCE(fu."f1" >= CAST(1 AS DOUBLE PRECISION), FALSE)) THEN 1 END) AS "q2",
  count(CASE WHEN COALESCE((u."role" || CHR(1)) = ('Admin' || CHR(1)), FALSE) THEN 1 END) AS "q3",
  count(CASE WHEN (COALESCE((u."role" || CHR(1)) = ('Admin' || CHR(1)), FALSE)
  AND COALESCE(fu."f1" >= CAST(1 AS DOUBLE PRECISION), FALSE)) THEN 1 END) AS "q4"
from "roster_stage_memberships" as "m"
inner join "roster_stage_users" as "u" on u.id = m.user_id
left join "roster_features_user" as "fu" on fu.id = u.id
group by m.account_id;

-- trait members
CREATE TEMPORARY TABLE "roster_trait_members" AS
select
  e.id,
  CAST(COALESCE(g.n, CAST(0 AS DOUBLE PRECISION)) AS DOUBLE PRECISION) AS value
from "roster_stage_accounts" as "e"
left join "roster_features_account" as "f" on "f"."id" = "e"."id"
left join "roster_quantified_account" as "g" on "g"."id" = "e"."id";

-- trait active_members
CREATE TEMPORARY TABLE "roster_trait_active_members" AS
select
  e.id,
  CAST(COALESCE(g."q1", CAST(0 AS DOUBLE PRECISION)) AS DOUBLE PRECISION) AS value
from "roster_stage_accounts" as "e"
left join "roster_features_account" as "f" on "f"."id" = "e"."id"
left join "roster_quantified_account" as "g" on "g"."id" = "e"."id";

-- trait inactive_members
CREATE TEMPORARY TABLE "roster_trait_inactive_members" AS
select
  e.id,
  CAST(COALESCE(g."q2", CAST(0 AS DOUBLE PRECISION)) AS DOUBLE PRECISION) AS value
from "roster_stage_accounts" as "e"
left join "roster_features_account" as "f" on "f"."id" = "e"."id"
left join "roster_quantified_account" as "g" on "g"."id" = "e"."id";

-- trait admins
CREATE TEMPORARY TABLE "roster_trait_admins" AS
select
  e.id,
  CAST(COALESCE(g."q3", CAST(0 AS DOUBLE PRECISION)) AS DOUBLE PRECISION) AS value
from "roster_stage_accounts" as "e"
left join "roster_features_account" as "f" on "f"."id" = "e"."id"
left join "roster_quantified_account" as "g" on "g"."id" = "e"."id";

-- trait active_admins
CREATE TEMPORARY TABLE "roster_trait_active_admins" AS
select
  e.id,
  CAST(COALESCE(g."q4", CAST(0 AS DOUBLE PRECISION)) AS DOUBLE PRECISION) AS value
from "roster_stage_accounts" as "e"
left join "roster_features_account" as "f" on "f"."id" = "e"."id"
left join "roster_quantified_account" as "g" on "g"."id" = "e"."id";

-- audience two_active
CREATE TEMPORARY TABLE "roster_audience_two_active" AS
select e.id
from "roster_stage_accounts" as "e"
left join "roster_features_account" as "f" on "f"."id" = "e"."id"
left join "roster_quantified_account" as "g" on "g"."id" = "e"."id"
where COALESCE(CAST(COALESCE(g."q1", CAST(0 AS DOUBLE PRECISION)) AS DOUBLE PRECISION) >= CAST(2 AS DOUBLE PRECISION), FALSE);

-- audience small_team
CREATE TEMPORARY TABLE "roster_audience_small_team" AS
select e.id
from "roster_stage_accounts" as "e"
left join "roster_features_account" as "f" on "f"."id" = "e"."id"
left join "roster_quantified_account" as "g" on "g"."id" = "e"."id"
where COALESCE(CAST(COALESCE(g.n, CAST(0 AS DOUBLE PRECISION)) AS DOUBLE PRECISION) < CAST(2 AS DOUBLE PRECISION), FALSE);

-- trait members (account)
select t.id, t.value
from "roster_trait_members" as "t";

-- trait active_members (account)
select t.id, t.value
from "roster_trait_active_members" as "t";

-- trait inactive_members (account)
select t.id, t.value
from "roster_trait_inactive_members" as "t";

-- trait admins (account)
select t.id, t.value
from "roster_trait_admins" as "t";

-- trait active_admins (account)
select t.id, t.value
from "roster_trait_active_admins" as "t";

-- audience two_active (account)
select id
from "roster_audience_two_active";

-- audience small_team (account)
select id
from "roster_audience_small_team";

drop table if exists "roster_audience_small_team";

drop table if exists "roster_audience_two_active";

drop table if exists "roster_trait_active_admins";

drop table if exists "roster_trait_admins";

drop table if exists "roster_trait_inactive_members";

drop table if exists "roster_trait_active_members";

drop table if exists "roster_trait_members";

drop table if exists "roster_quantified_account";

drop table if exists "roster_features_account";

drop table if exists "roster_features_user";

drop table if exists "roster_partials_tracks";

drop table if exists "roster_stage_tracks";

drop table if exists "roster_stage_memberships";

drop table if exists "roster_stage_accounts";

drop table if exists "roster_stage_users";
