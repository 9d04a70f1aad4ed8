-- roster: snowflake script for now = 2026-06-30T00:00:00.000Z

-- Every user (distinct non-null ids) with the custom traits the project reads.
CREATE OR REPLACE TEMPORARY TABLE "ROSTER_STAGE_USERS" AS
select d.id
from (
  select
    CAST(s."ID" AS VARCHAR) AS id,
    row_number() OVER (PARTITION BY CAST(s."ID" AS VARCHAR) ORDER BY CAST(s."ID" AS VARCHAR)) AS roster_row
  from "USERS" AS s
  where CAST(s."ID" AS VARCHAR) IS NOT NULL
) as "D"
where d.roster_row = 1;

-- Every account (distinct non-null ids) with the custom traits the project reads.
CREATE OR REPLACE TEMPORARY TABLE "ROSTER_STAGE_ACCOUNTS" AS
select d.id
from (
  select
    CAST(s."ID" AS VARCHAR) AS id,
    row_number() OVER (PARTITION BY CAST(s."ID" AS VARCHAR) ORDER BY CAST(s."ID" AS VARCHAR)) AS roster_row
  from "ACCOUNTS" AS s
  where CAST(s."ID" AS VARCHAR) IS NOT NULL
) as "D"
where d.roster_row = 1;

-- Distinct (user, account) pairs whose user and account both exist.
CREATE OR REPLACE TEMPORARY TABLE "ROSTER_STAGE_MEMBERSHIPS" AS
select distinct
  CAST(s."USER_ID" AS VARCHAR) AS user_id,
  CAST(s."ACCOUNT_ID" AS VARCHAR) AS account_id
from "MEMBERSHIPS" AS s
where CAST(s."USER_ID" AS VARCHAR) in (
  select id
  from "ROSTER_STAGE_USERS"
)
  and CAST(s."ACCOUNT_ID" AS VARCHAR) in (
  select id
  from "ROSTER_STAGE_ACCOUNTS"
);

-- The one scan of tracks: events up to now, only what the project reads.
CREATE OR REPLACE TEMPORARY TABLE "ROSTER_STAGE_TRACKS" AS
select
  CAST(s."USER_ID" AS VARCHAR) AS user_id,
  CAST(s."TIMESTAMP" AS TIMESTAMP_TZ) AS ts,
  CAST(s."EVENT" AS VARCHAR) AS event,
  CASE WHEN CAST(s."EVENT" AS VARCHAR) IN ('Order Completed') THEN CASE WHEN IS_VARCHAR(GET(s."PROPERTIES", 'currency')) THEN CAST(GET(s."PROPERTIES", 'currency') AS VARCHAR) END END AS "P_CURRENCY",
  CASE WHEN CAST(s."EVENT" AS VARCHAR) IN ('Order Completed') THEN CASE WHEN IS_REAL(GET(s."PROPERTIES", 'revenue')) THEN CAST(GET(s."PROPERTIES", 'revenue') AS DOUBLE) END END AS "P_REVENUE"
from "TRACKS" AS s
where CAST(s."USER_ID" AS VARCHAR) IS NOT NULL
  and CAST(s."TIMESTAMP" AS TIMESTAMP_TZ) <= TO_TIMESTAMP_TZ('2026-06-30 00:00:00.000+00:00', 'YYYY-MM-DD HH24:MI:SS.FF3TZH:TZM')
  and CAST(s."EVENT" AS VARCHAR) IN ('Logged In', 'Order Completed');

-- Partial aggregates of every feature over tracks, in one pass, per user.
CREATE OR REPLACE TEMPORARY TABLE "ROSTER_PARTIALS_TRACKS" AS
select
  e.user_id,
  count(CASE WHEN e.event = 'Logged In' THEN 1 END) AS "T_LOGINS__N",
  count(CASE WHEN e.event = 'Logged In' AND e.ts > TO_TIMESTAMP_TZ('2026-06-23 00:00:00.000+00:00', 'YYYY-MM-DD HH24:MI:SS.FF3TZH:TZM') AND e.ts <= TO_TIMESTAMP_TZ('2026-06-30 00:00:00.000+00:00', 'YYYY-MM-DD HH24:MI:SS.FF3TZH:TZM') THEN 1 END) AS "T_LOGINS_7D__N",
  sum(CASE WHEN e.event = 'Order Completed' THEN e."P_REVENUE" END) AS "T_TOTAL_REVENUE__S",
  sum(CASE WHEN e.event = 'Order Completed' AND COALESCE(e."P_CURRENCY" = 'USD', FALSE) THEN e."P_REVENUE" END) AS "T_USD_REVENUE__S"
from "ROSTER_STAGE_TRACKS" as "E"
group by e.user_id;

-- Every feature needed per user.
CREATE OR REPLACE TEMPORARY TABLE "ROSTER_FEATURES_USER" AS
select
  x.id,
  COALESCE(CAST(r1."T_LOGINS__N" AS DOUBLE), CAST(0 AS DOUBLE)) AS "T_LOGINS",
  COALESCE(CAST(r1."T_LOGINS_7D__N" AS DOUBLE), CAST(0 AS DOUBLE)) AS "T_LOGINS_7D",
  COALESCE(CAST(r1."T_TOTAL_REVENUE__S" AS DOUBLE), CAST(0 AS DOUBLE)) AS "T_TOTAL_REVENUE"
from "ROSTER_STAGE_USERS" as "X"
left join "ROSTER_PARTIALS_TRACKS" as "R1" on r1.user_id = x.id;

-- Every feature needed per account.
CREATE OR REPLACE TEMPORARY TABLE "ROSTER_FEATURES_ACCOUNT" AS
select
  x.id,
  COALESCE(r1."T_LOGINS", CAST(0 AS DOUBLE)) AS "T_LOGINS",
  COALESCE(r1."T_USD_REVENUE", CAST(0 AS DOUBLE)) AS "T_USD_REVENUE"
from "ROSTER_STAGE_ACCOUNTS" as "X"
left join (
  select
    m.account_id AS id,
    CAST(sum(p."T_LOGINS__N") AS DOUBLE) AS "T_LOGINS",
    CAST(sum(p."T_USD_REVENUE__S") AS DOUBLE) AS "T_USD_REVENUE"
  from "ROSTER_STAGE_MEMBERSHIPS" as "M"
  inner join "ROSTER_PARTIALS_TRACKS" as "P" on p.user_id = m.user_id
  group by m.account_id
) as "R1" on r1.id = x.id;

-- trait logins (user)
select id, "T_LOGINS" AS value
from "ROSTER_FEATURES_USER"
where "T_LOGINS" is not null;

-- trait logins_7d (user)
select id, "T_LOGINS_7D" AS value
from "ROSTER_FEATURES_USER"
where "T_LOGINS_7D" is not null;

-- trait total_revenue (user)
select id, "T_TOTAL_REVENUE" AS value
from "ROSTER_FEATURES_USER"
where "T_TOTAL_REVENUE" is not null;

-- trait usd_revenue (account)
select id, "T_USD_REVENUE" AS value
from "ROSTER_FEATURES_ACCOUNT"
where "T_USD_REVENUE" is not null;

-- trait account_logins (account)
select id, "T_LOGINS" AS value
from "ROSTER_FEATURES_ACCOUNT"
where "T_LOGINS" is not null;

drop table if exists "ROSTER_FEATURES_ACCOUNT";

drop table if exists "ROSTER_FEATURES_USER";

drop table if exists "ROSTER_PARTIALS_TRACKS";

drop table if exists "ROSTER_STAGE_TRACKS";

drop table if exists "ROSTER_STAGE_MEMBERSHIPS";

drop table if exists "ROSTER_STAGE_ACCOUNTS";

drop table if exists "ROSTER_STAGE_USERS";
