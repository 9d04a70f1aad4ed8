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
  CASE WHEN CAST(s."EVENT" AS VARCHAR) IN ('Feature Used') THEN CASE WHEN IS_VARCHAR(GET(s."PROPERTIES", 'feature')) THEN CAST(GET(s."PROPERTIES", 'feature') AS VARCHAR) END END AS "P_FEATURE"
from "TRACKS" AS s
where CAST(s."USER_ID" AS VARCHAR) IS NOT NULL
  and CAST(s."TIMESTAMP" AS TIMESTAMP_TZ) <= TO_TIMESTAMP_TZ('2026-06-30 00:00:00.000+00:00', 'YYYY-MM-DD HH24:MI:SS.FF3TZH:TZM')
  and CAST(s."EVENT" AS VARCHAR) IN ('Feature Used', 'Logged In', 'Order Completed');

-- Partial aggregates of every feature over tracks, in one pass, per user.
CREATE OR REPLACE TEMPORARY TABLE "ROSTER_PARTIALS_TRACKS" AS
select
  e.user_id,
  count(CASE WHEN e.event = 'Logged In' AND e.ts <= TO_TIMESTAMP_TZ('2026-05-31 00:00:00.000+00:00', 'YYYY-MM-DD HH24:MI:SS.FF3TZH:TZM') THEN 1 END) AS "F1__N",
  count(CASE WHEN e.event = 'Logged In' AND e.ts > TO_TIMESTAMP_TZ('2026-05-31 00:00:00.000+00:00', 'YYYY-MM-DD HH24:MI:SS.FF3TZH:TZM') AND e.ts <= TO_TIMESTAMP_TZ('2026-06-30 00:00:00.000+00:00', 'YYYY-MM-DD HH24:MI:SS.FF3TZH:TZM') THEN 1 END) AS "F2__N",
  count(CASE WHEN e.event = 'Feature Used' AND e.ts <= TO_TIMESTAMP_TZ('2026-06-16 00:00:00.000+00:00', 'YYYY-MM-DD HH24:MI:SS.FF3TZH:TZM') AND COALESCE(e."P_FEATURE" = 'export', FALSE) THEN 1 END) AS "F3__N",
  count(CASE WHEN e.event = 'Feature Used' AND e.ts > TO_TIMESTAMP_TZ('2026-06-16 00:00:00.000+00:00', 'YYYY-MM-DD HH24:MI:SS.FF3TZH:TZM') AND e.ts <= TO_TIMESTAMP_TZ('2026-06-30 00:00:00.000+00:00', 'YYYY-MM-DD HH24:MI:SS.FF3TZH:TZM') AND COALESCE(e."P_FEATURE" = 'export', FALSE) THEN 1 END) AS "F4__N",
  count(CASE WHEN e.event = 'Order Completed' AND e.ts <= TO_TIMESTAMP_TZ('2026-06-28 12:00:00.000+00:00', 'YYYY-MM-DD HH24:MI:SS.FF3TZH:TZM') THEN 1 END) AS "F5__N",
  count(CASE WHEN e.event = 'Order Completed' AND e.ts > TO_TIMESTAMP_TZ('2026-06-28 12:00:00.000+00:00', 'YYYY-MM-DD HH24:MI:SS.FF3TZH:TZM') AND e.ts <= TO_TIMESTAMP_TZ('2026-06-30 00:00:00.000+00:00', 'YYYY-MM-DD HH24:MI:SS.FF3TZH:TZM') THEN 1 END) AS "F6__N"
from "ROSTER_STAGE_TRACKS" as "E"
group by e.user_id;

-- Every feature needed per user.
CREATE OR REPLACE TEMPORARY TABLE "ROSTER_FEATURES_USER" AS
select
  x.id,
  COALESCE(CAST(r1."F1__N" AS DOUBLE), CAST(0 AS DOUBLE)) AS "F1",
  COALESCE(CAST(r1."F2__N" AS DOUBLE), CAST(0 AS DOUBLE)) AS "F2",
  COALESCE(CAST(r1."F3__N" AS DOUBLE), CAST(0 AS DOUBLE)) AS "F3",
  COALESCE(CAST(r1."F4__N" AS DOUBLE), CAST(0 AS DOUBLE)) AS "F4",
  COALESCE(CAST(r1."F5__N" AS DOUBLE), CAST(0 AS DOUBLE)) AS "F5",
  COALESCE(CAST(r1."F6__N" AS DOUBLE), CAST(0 AS DOUBLE)) AS "F6"
from "ROSTER_STAGE_USERS" as "X"
left join "ROSTER_PARTIALS_TRACKS" as "R1" on r1.user_id = x.id;

-- No event features per account.
CREATE OR REPLACE TEMPORARY TABLE "ROSTER_FEATURES_ACCOUNT" AS
select x.id
from "ROSTER_STAGE_ACCOUNTS" as "X";

-- audience churned
CREATE OR REPLACE TEMPORARY TABLE "ROSTER_AUDIENCE_CHURNED" AS
select e.id
from "ROSTER_STAGE_USERS" as "E"
left join "ROSTER_FEATURES_USER" as "F" on "F"."ID" = "E"."ID"
where (COALESCE(f."F1" >= CAST(1 AS DOUBLE), FALSE)
  AND (NOT COALESCE(f."F2" >= CAST(1 AS DOUBLE), FALSE)));

-- audience still_active
CREATE OR REPLACE TEMPORARY TABLE "ROSTER_AUDIENCE_STILL_ACTIVE" AS
select e.id
from "ROSTER_STAGE_USERS" as "E"
left join "ROSTER_FEATURES_USER" as "F" on "F"."ID" = "E"."ID"
where (NOT (COALESCE(f."F1" >= CAST(1 AS DOUBLE), FALSE)
  AND (NOT COALESCE(f."F2" >= CAST(1 AS DOUBLE), FALSE))));

-- audience stopped_exporting
CREATE OR REPLACE TEMPORARY TABLE "ROSTER_AUDIENCE_STOPPED_EXPORTING" AS
select e.id
from "ROSTER_STAGE_USERS" as "E"
left join "ROSTER_FEATURES_USER" as "F" on "F"."ID" = "E"."ID"
where (COALESCE(f."F3" >= CAST(1 AS DOUBLE), FALSE)
  AND (NOT COALESCE(f."F4" >= CAST(1 AS DOUBLE), FALSE)));

-- audience stopped_buying
CREATE OR REPLACE TEMPORARY TABLE "ROSTER_AUDIENCE_STOPPED_BUYING" AS
select e.id
from "ROSTER_STAGE_USERS" as "E"
left join "ROSTER_FEATURES_USER" as "F" on "F"."ID" = "E"."ID"
where (COALESCE(f."F5" >= CAST(1 AS DOUBLE), FALSE)
  AND (NOT COALESCE(f."F6" >= CAST(1 AS DOUBLE), FALSE)));

-- audience churned (user)
select id
from "ROSTER_AUDIENCE_CHURNED";

-- audience still_active (user)
select id
from "ROSTER_AUDIENCE_STILL_ACTIVE";

-- audience stopped_exporting (user)
select id
from "ROSTER_AUDIENCE_STOPPED_EXPORTING";

-- audience stopped_buying (user)
select id
from "ROSTER_AUDIENCE_STOPPED_BUYING";

drop table if exists "ROSTER_AUDIENCE_STOPPED_BUYING";

drop table if exists "ROSTER_AUDIENCE_STOPPED_EXPORTING";

drop table if exists "ROSTER_AUDIENCE_STILL_ACTIVE";

drop table if exists "ROSTER_AUDIENCE_CHURNED";

drop table if exists "ROSTER_FEATURES_ACCOUNT";

drop table if exists "ROSTER_FEATURES_USER";

drop table if exists "ROSTER_PARTIALS_TRACKS";

drop table if exists "ROSTER_STAGE_TRACKS";

drop table if exists "ROSTER_STAGE_MEMBERSHIPS";

drop table if exists "ROSTER_STAGE_ACCOUNTS";

drop table if exists "ROSTER_STAGE_USERS";
