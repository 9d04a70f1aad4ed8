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
  CASE WHEN CAST(s."EVENT" AS VARCHAR) IN ('Order Completed') THEN CASE WHEN IS_REAL(GET(s."PROPERTIES", 'revenue')) THEN CAST(GET(s."PROPERTIES", 'revenue') AS DOUBLE) END END AS "P_REVENUE",
  CASE WHEN CAST(s."EVENT" AS VARCHAR) IN ('NPS Submitted') THEN CASE WHEN IS_REAL(GET(s."PROPERTIES", 'score')) THEN CAST(GET(s."PROPERTIES", 'score') AS DOUBLE) END END AS "P_SCORE"
from "TRACKS" AS s
where CAST(s."USER_ID" AS VARCHAR) IS NOT NULL
  and CAST(s."TIMESTAMP" AS TIMESTAMP_TZ) <= TO_TIMESTAMP_TZ('2026-06-30 00:00:00.000+00:00', 'YYYY-MM-DD HH24:MI:SS.FF3TZH:TZM')
  and CAST(s."EVENT" AS VARCHAR) IN ('Logged In', 'NPS Submitted', 'Order Completed');

-- Partial aggregates of every feature over tracks, in one pass, per user.
CREATE OR REPLACE TEMPORARY TABLE "ROSTER_PARTIALS_TRACKS" AS
select
  e.user_id,
  count(CASE WHEN e.event = 'Logged In' AND e.ts > TO_TIMESTAMP_TZ('2026-05-31 00:00:00.000+00:00', 'YYYY-MM-DD HH24:MI:SS.FF3TZH:TZM') AND e.ts <= TO_TIMESTAMP_TZ('2026-06-30 00:00:00.000+00:00', 'YYYY-MM-DD HH24:MI:SS.FF3TZH:TZM') THEN 1 END) AS "F1__N",
  sum(CASE WHEN e.event = 'Order Completed' THEN e."P_REVENUE" END) AS "F2__S",
  sum(CASE WHEN e.event = 'NPS Submitted' THEN e."P_SCORE" END) AS "F3__S",
  count(CASE WHEN e.event = 'NPS Submitted' THEN e."P_SCORE" END) AS "F3__N"
from "ROSTER_STAGE_TRACKS" as "E"
group by e.user_id;

-- Every feature needed per user.
CREATE OR REPLACE TEMPORARY TABLE "ROSTER_FEATURES_USER" AS
select
  x.id,
  COALESCE(CAST(r1."F2__S" AS DOUBLE), CAST(0 AS DOUBLE)) AS "F2",
  CAST(r1."F3__S" / NULLIF(r1."F3__N", 0) AS DOUBLE) AS "F3"
from "ROSTER_STAGE_USERS" as "X"
left join "ROSTER_PARTIALS_TRACKS" as "R1" on r1.user_id = x.id;

-- Every feature needed per account.
CREATE OR REPLACE TEMPORARY TABLE "ROSTER_FEATURES_ACCOUNT" AS
select x.id, COALESCE(r1."F1", CAST(0 AS DOUBLE)) AS "F1"
from "ROSTER_STAGE_ACCOUNTS" as "X"
left join (
  select m.account_id AS id, CAST(sum(p."F1__N") AS DOUBLE) AS "F1"
  from "ROSTER_STAGE_MEMBERSHIPS" as "M"
  inner join "ROSTER_PARTIALS_TRACKS" as "P" on p.user_id = m.user_id
  group by m.account_id
) as "R1" on r1.id = x.id;

-- audience low_activity
CREATE OR REPLACE TEMPORARY TABLE "ROSTER_AUDIENCE_LOW_ACTIVITY" AS
select e.id
from "ROSTER_STAGE_ACCOUNTS" as "E"
left join "ROSTER_FEATURES_ACCOUNT" as "F" on "F"."ID" = "E"."ID"
where COALESCE(f."F1" < CAST(3 AS DOUBLE), FALSE);

-- audience low_activity_named
CREATE OR REPLACE TEMPORARY TABLE "ROSTER_AUDIENCE_LOW_ACTIVITY_NAMED" AS
select e.id
from "ROSTER_STAGE_ACCOUNTS" as "E"
left join "ROSTER_FEATURES_ACCOUNT" as "F" on "F"."ID" = "E"."ID"
where COALESCE(f."F1" < CAST(3 AS DOUBLE), FALSE);

-- audience big_spenders
CREATE OR REPLACE TEMPORARY TABLE "ROSTER_AUDIENCE_BIG_SPENDERS" AS
select e.id
from "ROSTER_STAGE_USERS" as "E"
left join "ROSTER_FEATURES_USER" as "F" on "F"."ID" = "E"."ID"
where COALESCE(f."F2" >= CAST(100 AS DOUBLE), FALSE);

-- audience happy
CREATE OR REPLACE TEMPORARY TABLE "ROSTER_AUDIENCE_HAPPY" AS
select e.id
from "ROSTER_STAGE_USERS" as "E"
left join "ROSTER_FEATURES_USER" as "F" on "F"."ID" = "E"."ID"
where COALESCE(f."F3" >= CAST(8 AS DOUBLE), FALSE);

-- audience low_activity (account)
select id
from "ROSTER_AUDIENCE_LOW_ACTIVITY";

-- trait logins_30d (account)
select id, "F1" AS value
from "ROSTER_FEATURES_ACCOUNT"
where "F1" is not null;

-- audience low_activity_named (account)
select id
from "ROSTER_AUDIENCE_LOW_ACTIVITY_NAMED";

-- audience big_spenders (user)
select id
from "ROSTER_AUDIENCE_BIG_SPENDERS";

-- audience happy (user)
select id
from "ROSTER_AUDIENCE_HAPPY";

drop table if exists "ROSTER_AUDIENCE_HAPPY";

drop table if exists "ROSTER_AUDIENCE_BIG_SPENDERS";

drop table if exists "ROSTER_AUDIENCE_LOW_ACTIVITY_NAMED";

drop table if exists "ROSTER_AUDIENCE_LOW_ACTIVITY";

drop table if exists "ROSTER_FEATURES_ACCOUNT";

drop table if exists "ROSTER_FEATURES_USER";

drop table if exists "ROSTER_PARTIALS_TRACKS";

drop table if exists "ROSTER_STAGE_TRACKS";

drop table if exists "ROSTER_STAGE_MEMBERSHIPS";

drop table if exists "ROSTER_STAGE_ACCOUNTS";

drop table if exists "ROSTER_STAGE_USERS";
