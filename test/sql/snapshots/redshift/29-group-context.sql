-- roster: redshift script for now = 2026-06-30T00:00:00.000Z

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
  CAST(s."group_id" AS VARCHAR(65535)) AS group_id,
  CAST(s."event" AS VARCHAR(65535)) AS event
from "tracks" AS s
where CAST(s."user_id" AS VARCHAR(65535)) IS NOT NULL
  and CAST(s."timestamp" AS TIMESTAMPTZ) <= CAST('2026-06-30 00:00:00.000+00:00' AS TIMESTAMPTZ)
  and CAST(s."event" AS VARCHAR(65535)) IN ('Logged In');

-- Partial aggregates of every feature over tracks, in one pass, per user and group tag.
CREATE TEMPORARY TABLE "roster_partials_tracks" AS
select
  e.user_id,
  e.group_id AS "tag",
  count(CASE WHEN e.event = 'Logged In' AND e.ts > CAST('2026-05-31 00:00:00.000+00:00' AS TIMESTAMPTZ) AND e.ts <= CAST('2026-06-30 00:00:00.000+00:00' AS TIMESTAMPTZ) THEN 1 END) AS "f1__n",
  count(CASE WHEN e.event = 'Logged In' THEN 1 END) AS "t_logins__n"
from "roster_stage_tracks" as "e"
group by e.user_id, e.group_id;

-- Every feature needed per user.
CREATE TEMPORARY TABLE "roster_features_user" AS
select x.id, COALESCE(r1."f1", CAST(0 AS DOUBLE PRECISION)) AS "f1"
from "roster_stage_users" as "x"
left join (
  select
    p.user_id AS id,
    CAST(sum(p."f1__n") AS DOUBLE PRECISION) AS "f1"
  from "roster_partials_tracks" as "p"
  group by p.user_id
) as "r1" on r1.id = x.id;

-- Every feature needed per account.
CREATE TEMPORARY TABLE "roster_features_account" AS
select
  x.id,
  COALESCE(r1."t_logins", CAST(0 AS DOUBLE PRECISION)) AS "t_logins"
from "roster_stage_accounts" as "x"
left join (
  select
    m.account_id AS id,
    CAST(sum(p."t_logins__n") AS DOUBLE PRECISION) AS "t_logins"
  from "roster_stage_memberships" as "m"
  inner join "roster_partials_tracks" as "p" on p.user_id = m.user_id AND (p."tag" IS NULL OR p."tag" = m.account_id)
  group by m.account_id
) as "r1" on r1.id = x.id;

-- Every feature needed per (user, account).
CREATE TEMPORARY TABLE "roster_features_user_account" AS
select
  x.user_id,
  x.account_id,
  COALESCE(r1."f1", CAST(0 AS DOUBLE PRECISION)) AS "f1"
from "roster_stage_memberships" as "x"
left join (
  select
    m.user_id AS user_id,
    m.account_id AS account_id,
    CAST(sum(p."f1__n") AS DOUBLE PRECISION) AS "f1"
  from "roster_stage_memberships" as "m"
  inner join "roster_partials_tracks" as "p" on p.user_id = m.user_id AND (p."tag" IS NULL OR p."tag" = m.account_id)
  group by m.user_id, m.account_id
) as "r1" on r1.user_id = x.user_id AND r1.account_id = x.account_id;

-- Per account: its users, and how many of them satisfy each quantifier body, in one pass.
CREATE TEMPORARY TABLE "roster_quantified_account" AS
select
  m.account_id AS id,
  count(*) AS n,
  count(CASE WHEN COALESCE(fp."f1" >= CAST(1 AS DOUBLE PRECISION), FALSE) THEN 1 END) AS "q1"
from "roster_stage_memberships" as "m"
inner join "roster_stage_users" as "u" on u.id = m.user_id
left join "roster_features_user" as "fu" on fu.id = u.id
left join "roster_features_user_account" as "fp" on fp.user_id = m.user_id AND fp.account_id = m.account_id
group by m.account_id;

-- audience active
CREATE TEMPORARY TABLE "roster_audience_active" AS
select e.id
from "roster_stage_accounts" as "e"
left join "roster_features_account" as "f" on "f"."id" = "e"."id"
left join "roster_quantified_account" as "g" on "g"."id" = "e"."id"
where (COALESCE(g."q1", CAST(0 AS DOUBLE PRECISION)) > CAST(0 AS DOUBLE PRECISION));

-- audience active_users
CREATE TEMPORARY TABLE "roster_audience_active_users" AS
select e.id
from "roster_stage_users" as "e"
left join "roster_features_user" as "f" on "f"."id" = "e"."id"
where COALESCE(f."f1" >= CAST(1 AS DOUBLE PRECISION), FALSE);

-- audience active (account)
select id
from "roster_audience_active";

-- trait logins (account)
select id, "t_logins" AS value
from "roster_features_account"
where "t_logins" is not null;

-- audience active_users (user)
select id
from "roster_audience_active_users";

drop table if exists "roster_audience_active_users";

drop table if exists "roster_audience_active";

drop table if exists "roster_quantified_account";

drop table if exists "roster_features_user_account";

drop table if exists "roster_features_account";

drop table if exists "roster_features_user";

drop table if exists "roster_partials_tracks";

drop table if exists "roster_stage_tracks";

drop table if exists "roster_stage_memberships";

drop table if exists "roster_stage_accounts";

drop table if exists "roster_stage_users";
