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
  CAST(s."event" AS VARCHAR(65535)) AS event,
  CASE WHEN CAST(s."event" AS VARCHAR(65535)) IN ('Order Completed') THEN CASE WHEN JSON_TYPEOF(s."properties"['revenue']) = 'number' THEN CAST(s."properties"['revenue'] AS DOUBLE PRECISION) END END AS "p_revenue",
  CASE WHEN CAST(s."event" AS VARCHAR(65535)) IN ('NPS Submitted') THEN CASE WHEN JSON_TYPEOF(s."properties"['score']) = 'number' THEN CAST(s."properties"['score'] AS DOUBLE PRECISION) END END AS "p_score"
from "tracks" AS s
where CAST(s."user_id" AS VARCHAR(65535)) IS NOT NULL
  and CAST(s."timestamp" AS TIMESTAMPTZ) <= CAST('2026-06-30 00:00:00.000+00:00' AS TIMESTAMPTZ)
  and CAST(s."event" AS VARCHAR(65535)) IN ('Logged In', 'NPS Submitted', 'Order Completed');

-- Partial aggregates of every feature over tracks, in one pass, per user.
CREATE TEMPORARY TABLE "roster_partials_tracks" AS
select
  e.user_id,
  count(CASE WHEN e.event = 'Logged In' AND e.ts > CAST('2026-05-31 00:00:00.000+00:00' AS TIMESTAMPTZ) AND e.ts <= CAST('2026-06-30 00:00:00.000+00:00' AS TIMESTAMPTZ) THEN 1 END) AS "f1__n",
  sum(CASE WHEN e.event = 'Order Completed' THEN e."p_revenue" END) AS "f2__s",
  sum(CASE WHEN e.event = 'NPS Submitted' THEN e."p_score" END) AS "f3__s",
  count(CASE WHEN e.event = 'NPS Submitted' THEN e."p_score" END) AS "f3__n"
from "roster_stage_tracks" as "e"
group by e.user_id;

-- Every feature needed per user.
CREATE TEMPORARY TABLE "roster_features_user" AS
select
  x.id,
  COALESCE(CAST(r1."f2__s" AS DOUBLE PRECISION), CAST(0 AS DOUBLE PRECISION)) AS "f2",
  CAST(r1."f3__s" / NULLIF(r1."f3__n", 0) AS DOUBLE PRECISION) AS "f3"
from "roster_stage_users" as "x"
left join "roster_partials_tracks" as "r1" on r1.user_id = x.id;

-- Every feature needed per account.
CREATE TEMPORARY TABLE "roster_features_account" AS
select x.id, COALESCE(r1."f1", CAST(0 AS DOUBLE PRECISION)) AS "f1"
from "roster_stage_accounts" as "x"
left join (
  select
    m.account_id AS id,
    CAST(sum(p."f1__n") AS DOUBLE PRECISION) AS "f1"
  from "roster_stage_memberships" as "m"
  inner join "roster_partials_tracks" as "p" on p.user_id = m.user_id
  group by m.account_id
) as "r1" on r1.id = x.id;

-- audience low_activity
CREATE TEMPORARY TABLE "roster_audience_low_activity" AS
select e.id
from "roster_stage_accounts" as "e"
left join "roster_features_account" as "f" on "f"."id" = "e"."id"
where COALESCE(f."f1" < CAST(3 AS DOUBLE PRECISION), FALSE);

-- audience low_activity_named
CREATE TEMPORARY TABLE "roster_audience_low_activity_named" AS
select e.id
from "roster_stage_accounts" as "e"
left join "roster_features_account" as "f" on "f"."id" = "e"."id"
where COALESCE(f."f1" < CAST(3 AS DOUBLE PRECISION), FALSE);

-- audience big_spenders
CREATE TEMPORARY TABLE "roster_audience_big_spenders" AS
select e.id
from "roster_stage_users" as "e"
left join "roster_features_user" as "f" on "f"."id" = "e"."id"
where COALESCE(f."f2" >= CAST(100 AS DOUBLE PRECISION), FALSE);

-- audience happy
CREATE TEMPORARY TABLE "roster_audience_happy" AS
select e.id
from "roster_stage_users" as "e"
left join "roster_features_user" as "f" on "f"."id" = "e"."id"
where COALESCE(f."f3" >= CAST(8 AS DOUBLE PRECISION), FALSE);

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

drop table if exists "roster_partials_tracks";

drop table if exists "roster_stage_tracks";

drop table if exists "roster_stage_memberships";

drop table if exists "roster_stage_accounts";

drop table if exists "roster_stage_users";
