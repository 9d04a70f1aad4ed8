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
  CASE WHEN CAST(s."event" AS text) IN (E'Order Completed') THEN CASE WHEN jsonb_typeof(CAST(s."properties" AS jsonb) -> E'currency') = E'string' THEN (CAST(s."properties" AS jsonb) ->> E'currency') END END AS "p_currency",
  CASE WHEN CAST(s."event" AS text) IN (E'Order Completed') THEN CASE WHEN jsonb_typeof(CAST(s."properties" AS jsonb) -> E'revenue') = E'number' THEN CAST((CAST(s."properties" AS jsonb) ->> E'revenue') AS double precision) END END AS "p_revenue"
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
  count(*) AS "t_logins__n",
  count(CASE WHEN e.ts > CAST(E'2026-06-23T00:00:00.000Z' AS timestamptz) AND e.ts <= CAST(E'2026-06-30T00:00:00.000Z' AS timestamptz) THEN 1 END) AS "t_logins_7d__n"
from "roster_stage_tracks" as "e"
where e.event = E'Logged In'
group by e.user_id;

-- Partial aggregates of every feature over tracks of event "Order Completed", in one pass, per user.
CREATE TEMPORARY TABLE "roster_partials_tracks_2" AS
select
  e.user_id,
  sum(e."p_revenue") AS "t_total_revenue__s",
  sum(CASE WHEN COALESCE(e."p_currency" = E'USD', FALSE) THEN e."p_revenue" END) AS "t_usd_revenue__s"
from "roster_stage_tracks" as "e"
where e.event = E'Order Completed'
group by e.user_id;

-- Every feature needed per user.
CREATE TEMPORARY TABLE "roster_features_user" AS
select
  x.id,
  COALESCE(CAST(r1."t_logins__n" AS double precision), CAST(0 AS double precision)) AS "t_logins",
  COALESCE(CAST(r1."t_logins_7d__n" AS double precision), CAST(0 AS double precision)) AS "t_logins_7d",
  COALESCE(CAST(r2."t_total_revenue__s" AS double precision), CAST(0 AS double precision)) AS "t_total_revenue"
from "roster_stage_users" as "x"
left join "roster_partials_tracks_1" as "r1" on r1.user_id = x.id
left join "roster_partials_tracks_2" as "r2" on r2.user_id = x.id;

-- Every feature needed per account.
CREATE TEMPORARY TABLE "roster_features_account" AS
select
  x.id,
  COALESCE(r1."t_logins", CAST(0 AS double precision)) AS "t_logins",
  COALESCE(r2."t_usd_revenue", CAST(0 AS double precision)) AS "t_usd_revenue"
from "roster_stage_accounts" as "x"
left join (
  select
    m.account_id AS id,
    CAST(sum(p."t_logins__n") AS double precision) AS "t_logins"
  from "roster_stage_memberships" as "m"
  inner join "roster_partials_tracks_1" as "p" on p.user_id = m.user_id
  group by m.account_id
) as "r1" on r1.id = x.id
left join (
  select
    m.account_id AS id,
    CAST(sum(p."t_usd_revenue__s") AS double precision) AS "t_usd_revenue"
  from "roster_stage_memberships" as "m"
  inner join "roster_partials_tracks_2" as "p" on p.user_id = m.user_id
  group by m.account_id
) as "r2" on r2.id = x.id;

-- trait logins (user)
select id, "t_logins" AS value
from "roster_features_user"
where "t_logins" is not null;

-- trait logins_7d (user)
select id, "t_logins_7d" AS value
from "roster_features_user"
where "t_logins_7d" is not null;

-- trait total_revenue (user)
select id, "t_total_revenue" AS value
from "roster_features_user"
where "t_total_revenue" is not null;

-- trait usd_revenue (account)
select id, "t_usd_revenue" AS value
from "roster_features_account"
where "t_usd_revenue" is not null;

-- trait account_logins (account)
select id, "t_logins" AS value
from "roster_features_account"
where "t_logins" is not null;

drop table if exists "roster_features_account";

drop table if exists "roster_features_user";

drop table if exists "roster_partials_tracks_2";

drop table if exists "roster_partials_tracks_1";

drop table if exists "roster_stage_tracks";

drop table if exists "roster_stage_memberships";

drop table if exists "roster_stage_accounts";

drop table if exists "roster_stage_users";
