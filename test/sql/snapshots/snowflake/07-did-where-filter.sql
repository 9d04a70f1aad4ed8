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
  CASE WHEN CAST(s."EVENT" AS VARCHAR) IN ('Feature Used') THEN CASE WHEN IS_REAL(GET(s."PROPERTIES", 'duration')) THEN CAST(GET(s."PROPERTIES", 'duration') AS DOUBLE) END END AS "P_DURATION",
  CASE WHEN CAST(s."EVENT" AS VARCHAR) IN ('Feature Used') THEN CASE WHEN IS_VARCHAR(GET(s."PROPERTIES", 'feature')) THEN CAST(GET(s."PROPERTIES", 'feature') AS VARCHAR) END END AS "P_FEATURE",
  CASE WHEN CAST(s."EVENT" AS VARCHAR) IN ('Order Completed') THEN CASE WHEN IS_REAL(GET(s."PROPERTIES", 'revenue')) THEN CAST(GET(s."PROPERTIES", 'revenue') AS DOUBLE) END END AS "P_REVENUE"
from "TRACKS" AS s
where CAST(s."USER_ID" AS VARCHAR) IS NOT NULL
  and CAST(s."TIMESTAMP" AS TIMESTAMP_TZ) <= TO_TIMESTAMP_TZ('2026-06-30 00:00:00.000+00:00', 'YYYY-MM-DD HH24:MI:SS.FF3TZH:TZM')
  and CAST(s."EVENT" AS VARCHAR) IN ('Feature Used', 'Order Completed');

-- Partial aggregates of every feature over tracks, in one pass, per user.
CREATE OR REPLACE TEMPORARY TABLE "ROSTER_PARTIALS_TRACKS" AS
select
  e.user_id,
  count(CASE WHEN e.event = 'Feature Used' AND COALESCE(e."P_FEATURE" = 'export', FALSE) THEN 1 END) AS "F1__N",
  count(CASE WHEN e.event = 'Feature Used' AND COALESCE(e."P_DURATION" > CAST(30 AS DOUBLE), FALSE) THEN 1 END) AS "F2__N",
  count(CASE WHEN e.event = 'Order Completed' AND e.ts > TO_TIMESTAMP_TZ('2026-05-31 00:00:00.000+00:00', 'YYYY-MM-DD HH24:MI:SS.FF3TZH:TZM') AND e.ts <= TO_TIMESTAMP_TZ('2026-06-30 00:00:00.000+00:00', 'YYYY-MM-DD HH24:MI:SS.FF3TZH:TZM') AND (COALESCE(e."P_CURRENCY" = 'USD', FALSE)
  AND COALESCE(e."P_REVENUE" >= CAST(100 AS DOUBLE), FALSE)) THEN 1 END) AS "F3__N"
from "ROSTER_STAGE_TRACKS" as "E"
group by e.user_id;

-- Every feature needed per user.
CREATE OR REPLACE TEMPORARY TABLE "ROSTER_FEATURES_USER" AS
select
  x.id,
  COALESCE(CAST(r1."F1__N" AS DOUBLE), CAST(0 AS DOUBLE)) AS "F1",
  COALESCE(CAST(r1."F2__N" AS DOUBLE), CAST(0 AS DOUBLE)) AS "F2",
  COALESCE(CAST(r1."F3__N" AS DOUBLE), CAST(0 AS DOUBLE)) AS "F3"
from "ROSTER_STAGE_USERS" as "X"
left join "ROSTER_PARTIALS_TRACKS" as "R1" on r1.user_id = x.id;

-- No event features per account.
CREATE OR REPLACE TEMPORARY TABLE "ROSTER_FEATURES_ACCOUNT" AS
select x.id
from "ROSTER_STAGE_ACCOUNTS" as "X";

-- audience exporters
CREATE OR REPLACE TEMPORARY TABLE "ROSTER_AUDIENCE_EXPORTERS" AS
select e.id
from "ROSTER_STAGE_USERS" as "E"
left join "ROSTER_FEATURES_USER" as "F" on "F"."ID" = "E"."ID"
where COALESCE(f."F1" >= CAST(1 AS DOUBLE), FALSE);

-- audience long_sessions
CREATE OR REPLACE TEMPORARY TABLE "ROSTER_AUDIENCE_LONG_SESSIONS" AS
select e.id
from "ROSTER_STAGE_USERS" as "E"
left join "ROSTER_FEATURES_USER" as "F" on "F"."ID" = "E"."ID"
where COALESCE(f."F2" >= CAST(2 AS DOUBLE), FALSE);

-- audience big_usd_buyers
CREATE OR REPLACE TEMPORARY TABLE "ROSTER_AUDIENCE_BIG_USD_BUYERS" AS
select e.id
from "ROSTER_STAGE_USERS" as "E"
left join "ROSTER_FEATURES_USER" as "F" on "F"."ID" = "E"."ID"
where COALESCE(f."F3" >= CAST(1 AS DOUBLE), FALSE);

-- audience exporters (user)
select id
from "ROSTER_AUDIENCE_EXPORTERS";

-- audience long_sessions (user)
select id
from "ROSTER_AUDIENCE_LONG_SESSIONS";

-- audience big_usd_buyers (user)
select id
from "ROSTER_AUDIENCE_BIG_USD_BUYERS";

drop table if exists "ROSTER_AUDIENCE_BIG_USD_BUYERS";

drop table if exists "ROSTER_AUDIENCE_LONG_SESSIONS";

drop table if exists "ROSTER_AUDIENCE_EXPORTERS";

drop table if exists "ROSTER_FEATURES_ACCOUNT";

drop table if exists "ROSTER_FEATURES_USER";

drop table if exists "ROSTER_PARTIALS_TRACKS";

drop table if exists "ROSTER_STAGE_TRACKS";

drop table if exists "ROSTER_STAGE_MEMBERSHIPS";

drop table if exists "ROSTER_STAGE_ACCOUNTS";

drop table if exists "ROSTER_STAGE_USERS";
