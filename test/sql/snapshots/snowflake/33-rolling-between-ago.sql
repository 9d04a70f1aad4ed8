-- roster: snowflake script for now = 2026-05-20T15:00:00.000Z

-- Every user (distinct non-null ids) with the custom traits the project reads.
CREATE OR REPLACE TEMPORARY TABLE "ROSTER_STAGE_USERS" AS
select d.id, d."SIGNED_UP_AT"
from (
  select
    CAST(s."ID" AS VARCHAR) AS id,
    CAST(s."SIGNED_UP_AT" AS TIMESTAMP_TZ) AS "SIGNED_UP_AT",
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
  CAST(s."EVENT" AS VARCHAR) AS event
from "TRACKS" AS s
where CAST(s."USER_ID" AS VARCHAR) IS NOT NULL
  and CAST(s."TIMESTAMP" AS TIMESTAMP_TZ) <= TO_TIMESTAMP_TZ('2026-05-20 15:00:00.000+00:00', 'YYYY-MM-DD HH24:MI:SS.FF3TZH:TZM')
  and CAST(s."TIMESTAMP" AS TIMESTAMP_TZ) >= TO_TIMESTAMP_TZ('2026-05-06 15:00:00.000+00:00', 'YYYY-MM-DD HH24:MI:SS.FF3TZH:TZM')
  and CAST(s."EVENT" AS VARCHAR) IN ('Feature Used', 'Logged In');

-- Partial aggregates of every feature over tracks, in one pass, per user.
CREATE OR REPLACE TEMPORARY TABLE "ROSTER_PARTIALS_TRACKS" AS
select
  e.user_id,
  count(CASE WHEN e.event = 'Logged In' AND e.ts > TO_TIMESTAMP_TZ('2026-05-13 15:00:00.000+00:00', 'YYYY-MM-DD HH24:MI:SS.FF3TZH:TZM') AND e.ts <= TO_TIMESTAMP_TZ('2026-05-19 15:00:00.000+00:00', 'YYYY-MM-DD HH24:MI:SS.FF3TZH:TZM') THEN 1 END) AS "F1__N",
  count(CASE WHEN e.event = 'Logged In' AND e.ts > TO_TIMESTAMP_TZ('2026-05-06 15:00:00.000+00:00', 'YYYY-MM-DD HH24:MI:SS.FF3TZH:TZM') AND e.ts <= TO_TIMESTAMP_TZ('2026-05-13 15:00:00.000+00:00', 'YYYY-MM-DD HH24:MI:SS.FF3TZH:TZM') THEN 1 END) AS "F2__N",
  count(CASE WHEN e.event = 'Logged In' AND e.ts > TO_TIMESTAMP_TZ('2026-05-06 15:00:00.000+00:00', 'YYYY-MM-DD HH24:MI:SS.FF3TZH:TZM') AND e.ts <= TO_TIMESTAMP_TZ('2026-05-13 15:00:00.000+00:00', 'YYYY-MM-DD HH24:MI:SS.FF3TZH:TZM') THEN 1 END) AS "F3__N",
  count(CASE WHEN e.event = 'Logged In' AND e.ts > TO_TIMESTAMP_TZ('2026-05-18 15:00:00.000+00:00', 'YYYY-MM-DD HH24:MI:SS.FF3TZH:TZM') AND e.ts <= TO_TIMESTAMP_TZ('2026-05-20 15:00:00.000+00:00', 'YYYY-MM-DD HH24:MI:SS.FF3TZH:TZM') THEN 1 END) AS "F4__N",
  count(CASE WHEN e.event = 'Feature Used' AND e.ts > TO_TIMESTAMP_TZ('2026-05-20 09:00:00.000+00:00', 'YYYY-MM-DD HH24:MI:SS.FF3TZH:TZM') AND e.ts <= TO_TIMESTAMP_TZ('2026-05-20 13:00:00.000+00:00', 'YYYY-MM-DD HH24:MI:SS.FF3TZH:TZM') THEN 1 END) AS "F5__N"
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
  COALESCE(CAST(r1."F5__N" AS DOUBLE), CAST(0 AS DOUBLE)) AS "F5"
from "ROSTER_STAGE_USERS" as "X"
left join "ROSTER_PARTIALS_TRACKS" as "R1" on r1.user_id = x.id;

-- Every feature needed per account.
CREATE OR REPLACE TEMPORARY TABLE "ROSTER_FEATURES_ACCOUNT" AS
select x.id, COALESCE(r1."F2", CAST(0 AS DOUBLE)) AS "F2"
from "ROSTER_STAGE_ACCOUNTS" as "X"
left join (
  select m.account_id AS id, CAST(sum(p."F2__N") AS DOUBLE) AS "F2"
  from "ROSTER_STAGE_MEMBERSHIPS" as "M"
  inner join "ROSTER_PARTIALS_TRACKS" as "P" on p.user_id = m.user_id
  group by m.account_id
) as "R1" on r1.id = x.id;

-- audience last_week_not_today
CREATE OR REPLACE TEMPORARY TABLE "ROSTER_AUDIENCE_LAST_WEEK_NOT_TODAY" AS
select e.id
from "ROSTER_STAGE_USERS" as "E"
left join "ROSTER_FEATURES_USER" as "F" on "F"."ID" = "E"."ID"
where COALESCE(f."F1" >= CAST(1 AS DOUBLE), FALSE);

-- audience prev_week
CREATE OR REPLACE TEMPORARY TABLE "ROSTER_AUDIENCE_PREV_WEEK" AS
select e.id
from "ROSTER_STAGE_USERS" as "E"
left join "ROSTER_FEATURES_USER" as "F" on "F"."ID" = "E"."ID"
where COALESCE(f."F2" >= CAST(1 AS DOUBLE), FALSE);

-- audience prev_week_w
CREATE OR REPLACE TEMPORARY TABLE "ROSTER_AUDIENCE_PREV_WEEK_W" AS
select e.id
from "ROSTER_STAGE_USERS" as "E"
left join "ROSTER_FEATURES_USER" as "F" on "F"."ID" = "E"."ID"
where COALESCE(f."F3" >= CAST(1 AS DOUBLE), FALSE);

-- audience zero_start
CREATE OR REPLACE TEMPORARY TABLE "ROSTER_AUDIENCE_ZERO_START" AS
select e.id
from "ROSTER_STAGE_USERS" as "E"
left join "ROSTER_FEATURES_USER" as "F" on "F"."ID" = "E"."ID"
where COALESCE(f."F4" >= CAST(1 AS DOUBLE), FALSE);

-- audience hours_2_6
CREATE OR REPLACE TEMPORARY TABLE "ROSTER_AUDIENCE_HOURS_2_6" AS
select e.id
from "ROSTER_STAGE_USERS" as "E"
left join "ROSTER_FEATURES_USER" as "F" on "F"."ID" = "E"."ID"
where COALESCE(f."F5" >= CAST(1 AS DOUBLE), FALSE);

-- audience signup_30_60
CREATE OR REPLACE TEMPORARY TABLE "ROSTER_AUDIENCE_SIGNUP_30_60" AS
select e.id
from "ROSTER_STAGE_USERS" as "E"
left join "ROSTER_FEATURES_USER" as "F" on "F"."ID" = "E"."ID"
where COALESCE(e."SIGNED_UP_AT" > TO_TIMESTAMP_TZ('2026-03-21 15:00:00.000+00:00', 'YYYY-MM-DD HH24:MI:SS.FF3TZH:TZM') AND e."SIGNED_UP_AT" <= TO_TIMESTAMP_TZ('2026-04-20 15:00:00.000+00:00', 'YYYY-MM-DD HH24:MI:SS.FF3TZH:TZM'), FALSE);

-- audience signup_not_30_60
CREATE OR REPLACE TEMPORARY TABLE "ROSTER_AUDIENCE_SIGNUP_NOT_30_60" AS
select e.id
from "ROSTER_STAGE_USERS" as "E"
left join "ROSTER_FEATURES_USER" as "F" on "F"."ID" = "E"."ID"
where (NOT COALESCE(e."SIGNED_UP_AT" > TO_TIMESTAMP_TZ('2026-03-21 15:00:00.000+00:00', 'YYYY-MM-DD HH24:MI:SS.FF3TZH:TZM') AND e."SIGNED_UP_AT" <= TO_TIMESTAMP_TZ('2026-04-20 15:00:00.000+00:00', 'YYYY-MM-DD HH24:MI:SS.FF3TZH:TZM'), FALSE));

-- audience signup_0_10
CREATE OR REPLACE TEMPORARY TABLE "ROSTER_AUDIENCE_SIGNUP_0_10" AS
select e.id
from "ROSTER_STAGE_USERS" as "E"
left join "ROSTER_FEATURES_USER" as "F" on "F"."ID" = "E"."ID"
where COALESCE(e."SIGNED_UP_AT" > TO_TIMESTAMP_TZ('2026-05-10 15:00:00.000+00:00', 'YYYY-MM-DD HH24:MI:SS.FF3TZH:TZM') AND e."SIGNED_UP_AT" <= TO_TIMESTAMP_TZ('2026-05-20 15:00:00.000+00:00', 'YYYY-MM-DD HH24:MI:SS.FF3TZH:TZM'), FALSE);

-- audience last_week_not_today (user)
select id
from "ROSTER_AUDIENCE_LAST_WEEK_NOT_TODAY";

-- audience prev_week (user)
select id
from "ROSTER_AUDIENCE_PREV_WEEK";

-- audience prev_week_w (user)
select id
from "ROSTER_AUDIENCE_PREV_WEEK_W";

-- audience zero_start (user)
select id
from "ROSTER_AUDIENCE_ZERO_START";

-- audience hours_2_6 (user)
select id
from "ROSTER_AUDIENCE_HOURS_2_6";

-- trait logins_7_14 (user)
select id, "F2" AS value
from "ROSTER_FEATURES_USER"
where "F2" is not null;

-- trait acct_logins_7_14 (account)
select id, "F2" AS value
from "ROSTER_FEATURES_ACCOUNT"
where "F2" is not null;

-- audience signup_30_60 (user)
select id
from "ROSTER_AUDIENCE_SIGNUP_30_60";

-- audience signup_not_30_60 (user)
select id
from "ROSTER_AUDIENCE_SIGNUP_NOT_30_60";

-- audience signup_0_10 (user)
select id
from "ROSTER_AUDIENCE_SIGNUP_0_10";

drop table if exists "ROSTER_AUDIENCE_SIGNUP_0_10";

drop table if exists "ROSTER_AUDIENCE_SIGNUP_NOT_30_60";

drop table if exists "ROSTER_AUDIENCE_SIGNUP_30_60";

drop table if exists "ROSTER_AUDIENCE_HOURS_2_6";

drop table if exists "ROSTER_AUDIENCE_ZERO_START";

drop table if exists "ROSTER_AUDIENCE_PREV_WEEK_W";

drop table if exists "ROSTER_AUDIENCE_PREV_WEEK";

drop table if exists "ROSTER_AUDIENCE_LAST_WEEK_NOT_TODAY";

drop table if exists "ROSTER_FEATURES_ACCOUNT";

drop table if exists "ROSTER_FEATURES_USER";

drop table if exists "ROSTER_PARTIALS_TRACKS";

drop table if exists "ROSTER_STAGE_TRACKS";

drop table if exists "ROSTER_STAGE_MEMBERSHIPS";

drop table if exists "ROSTER_STAGE_ACCOUNTS";

drop table if exists "ROSTER_STAGE_USERS";
