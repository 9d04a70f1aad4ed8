-- roster: duckdb script for now = 2026-06-30T00:00:00.000Z

-- Every user (distinct non-null ids) with the custom traits the project reads.
CREATE OR REPLACE TEMPORARY TABLE "roster_stage_users" AS
select distinct on (CAST(s."id" AS VARCHAR)) CAST(s."id" AS VARCHAR) AS id
from "users" AS s
where CAST(s."id" AS VARCHAR) IS NOT NULL;

-- Every account (distinct non-null ids) with the custom traits the project reads.
CREATE OR REPLACE TEMPORARY TABLE "roster_stage_accounts" AS
select distinct on (CAST(s."id" AS VARCHAR)) CAST(s."id" AS VARCHAR) AS id
from "accounts" AS s
where CAST(s."id" AS VARCHAR) IS NOT NULL;

-- Distinct (user, account) pairs whose user and account both exist.
CREATE OR REPLACE TEMPORARY TABLE "roster_stage_memberships" AS
select distinct
  CAST(s."user_id" AS VARCHAR) AS user_id,
  CAST(s."account_id" AS VARCHAR) AS account_id
from "memberships" AS s
where CAST(s."user_id" AS VARCHAR) in (
  select id
  from "roster_stage_users"
)
  and CAST(s."account_id" AS VARCHAR) in (
  select id
  from "roster_stage_accounts"
);

-- The one scan of tracks: events up to now, only what the project reads.
CREATE OR REPLACE TEMPORARY VIEW "roster_stage_tracks" AS
select
  s.user_id,
  s.ts,
  s.event,
  CASE WHEN regexp_matches(s."p_currency", '^[-+.0-9\[{FINTfint]') THEN CASE WHEN json_type(s.roster_json, '$."currency"') = 'VARCHAR' THEN s."p_currency" END ELSE s."p_currency" END AS "p_currency",
  s."p_revenue"
from (
  select
    CAST(s."user_id" AS VARCHAR) AS user_id,
    CAST(s."timestamp" AS TIMESTAMPTZ) AS ts,
    CAST(s."event" AS VARCHAR) AS event,
    CASE WHEN CAST(s."event" AS VARCHAR) IN ('Order Completed') THEN json_extract_string(CAST(s."properties" AS JSON), '$."currency"') END AS "p_currency",
    CASE WHEN CAST(s."event" AS VARCHAR) IN ('Order Completed') THEN TRY_CAST(CAST(json_extract(CAST(s."properties" AS JSON), '$."revenue"') AS VARCHAR) AS DOUBLE) END AS "p_revenue",
    CAST(s."properties" AS JSON) AS roster_json
  from "tracks" AS s
  where CAST(s."user_id" AS VARCHAR) IS NOT NULL
    and CAST(s."timestamp" AS TIMESTAMPTZ) <= CAST('2026-06-30T00:00:00.000Z' AS TIMESTAMPTZ)
    and CAST(s."event" AS VARCHAR) IN ('Logged In', 'Order Completed')
) as "s";

-- Partial aggregates of every feature over tracks of event "Logged In", in one pass, per user.
CREATE OR REPLACE TEMPORARY TABLE "roster_partials_tracks_1" AS
select
  e.user_id,
  count(*) AS "t_logins__n",
  count(CASE WHEN e.ts > CAST('2026-06-23T00:00:00.000Z' AS TIMESTAMPTZ) AND e.ts <= CAST('2026-06-30T00:00:00.000Z' AS TIMESTAMPTZ) THEN 1 END) AS "t_logins_7d__n"
from "roster_stage_tracks" as "e"
where e.event = 'Logged In'
group by e.user_id;

-- Partial aggregates of every feature over tracks of event "Order Completed", in one pass, per user.
CREATE OR REPLACE TEMPORARY TABLE "roster_partials_tracks_2" AS
select
  e.user_id,
  sum(e."p_revenue") AS "t_total_revenue__s",
  sum(CASE WHEN COALESCE(e."p_currency" = 'USD', FALSE) THEN e."p_revenue" END) AS "t_usd_revenue__s"
from "roster_stage_tracks" as "e"
where e.event = 'Order Completed'
group by e.user_id;

-- Every feature needed per user.
CREATE OR REPLACE TEMPORARY TABLE "roster_features_user" AS
select
  x.id,
  COALESCE(CAST(r1."t_logins__n" AS DOUBLE), CAST(0 AS DOUBLE)) AS "t_logins",
  COALESCE(CAST(r1."t_logins_7d__n" AS DOUBLE), CAST(0 AS DOUBLE)) AS "t_logins_7d",
  COALESCE(CAST(r2."t_total_revenue__s" AS DOUBLE), CAST(0 AS DOUBLE)) AS "t_total_revenue"
from "roster_stage_users" as "x"
left join "roster_partials_tracks_1" as "r1" on r1.user_id = x.id
left join "roster_partials_tracks_2" as "r2" on r2.user_id = x.id;

-- Every feature needed per account.
CREATE OR REPLACE TEMPORARY TABLE "roster_features_account" AS
select
  x.id,
  COALESCE(r1."t_logins", CAST(0 AS DOUBLE)) AS "t_logins",
  COALESCE(r2."t_usd_revenue", CAST(0 AS DOUBLE)) AS "t_usd_revenue"
from "roster_stage_accounts" as "x"
left join (
  select
    m.account_id AS id,
    CAST(sum(p."t_logins__n") AS DOUBLE) AS "t_logins"
  from "roster_stage_memberships" as "m"
  inner join "roster_partials_tracks_1" as "p" on p.user_id = m.user_id
  group by m.account_id
) as "r1" on r1.id = x.id
left join (
  select
    m.account_id AS id,
    CAST(sum(p."t_usd_revenue__s") AS DOUBLE) AS "t_usd_revenue"
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

drop view if exists "roster_stage_tracks";

drop table if exists "roster_stage_memberships";

drop table if exists "roster_stage_accounts";

drop table if exists "roster_stage_users";
