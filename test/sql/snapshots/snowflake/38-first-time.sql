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
  and CAST(s."EVENT" AS VARCHAR) IN ('Feature Used', 'Logged In');

-- Partial aggregates of every feature over tracks, in one pass, per user.
CREATE OR REPLACE TEMPORARY TABLE "ROSTER_PARTIALS_TRACKS" AS
select
  e.user_id,
  min(CASE WHEN e.event = 'Logged In' THEN e.ts END) AS "F1__V",
  min(CASE WHEN e.event = 'Feature Used' AND COALESCE(e."P_FEATURE" = 'export', FALSE) THEN e.ts END) AS "F2__V",
  min(CASE WHEN e.event = 'Feature Used' THEN e.ts END) AS "F3__V"
from "ROSTER_STAGE_TRACKS" as "E"
group by e.user_id;

-- Every feature needed per user.
CREATE OR REPLACE TEMPORARY TABLE "ROSTER_FEATURES_USER" AS
select
  x.id,
  r1."F1__V" AS "F1",
  r1."F2__V" AS "F2",
  r1."F3__V" AS "F3"
from "ROSTER_STAGE_USERS" as "X"
left join "ROSTER_PARTIALS_TRACKS" as "R1" on r1.user_id = x.id;

-- No event features per account.
CREATE OR REPLACE TEMPORARY TABLE "ROSTER_FEATURES_ACCOUNT" AS
select x.id
from "ROSTER_STAGE_ACCOUNTS" as "X";

-- audience new_loggers
CREATE OR REPLACE TEMPORARY TABLE "ROSTER_AUDIENCE_NEW_LOGGERS" AS
select e.id
from "ROSTER_STAGE_USERS" as "E"
left join "ROSTER_FEATURES_USER" as "F" on "F"."ID" = "E"."ID"
where COALESCE(f."F1" > TO_TIMESTAMP_TZ('2026-06-23 00:00:00.000+00:00', 'YYYY-MM-DD HH24:MI:SS.FF3TZH:TZM') AND f."F1" <= TO_TIMESTAMP_TZ('2026-06-30 00:00:00.000+00:00', 'YYYY-MM-DD HH24:MI:SS.FF3TZH:TZM'), FALSE);

-- audience not_new
CREATE OR REPLACE TEMPORARY TABLE "ROSTER_AUDIENCE_NOT_NEW" AS
select e.id
from "ROSTER_STAGE_USERS" as "E"
left join "ROSTER_FEATURES_USER" as "F" on "F"."ID" = "E"."ID"
where (NOT COALESCE(f."F1" > TO_TIMESTAMP_TZ('2026-06-23 00:00:00.000+00:00', 'YYYY-MM-DD HH24:MI:SS.FF3TZH:TZM') AND f."F1" <= TO_TIMESTAMP_TZ('2026-06-30 00:00:00.000+00:00', 'YYYY-MM-DD HH24:MI:SS.FF3TZH:TZM'), FALSE));

-- audience first_in_june
CREATE OR REPLACE TEMPORARY TABLE "ROSTER_AUDIENCE_FIRST_IN_JUNE" AS
select e.id
from "ROSTER_STAGE_USERS" as "E"
left join "ROSTER_FEATURES_USER" as "F" on "F"."ID" = "E"."ID"
where COALESCE(f."F1" >= TO_TIMESTAMP_TZ('2026-06-01 00:00:00.000+00:00', 'YYYY-MM-DD HH24:MI:SS.FF3TZH:TZM') AND f."F1" < TO_TIMESTAMP_TZ('2026-07-01 00:00:00.000+00:00', 'YYYY-MM-DD HH24:MI:SS.FF3TZH:TZM'), FALSE);

-- audience first_7_60_ago
CREATE OR REPLACE TEMPORARY TABLE "ROSTER_AUDIENCE_FIRST_7_60_AGO" AS
select e.id
from "ROSTER_STAGE_USERS" as "E"
left join "ROSTER_FEATURES_USER" as "F" on "F"."ID" = "E"."ID"
where COALESCE(f."F1" > TO_TIMESTAMP_TZ('2026-05-01 00:00:00.000+00:00', 'YYYY-MM-DD HH24:MI:SS.FF3TZH:TZM') AND f."F1" <= TO_TIMESTAMP_TZ('2026-06-23 00:00:00.000+00:00', 'YYYY-MM-DD HH24:MI:SS.FF3TZH:TZM'), FALSE);

-- audience new_exporters
CREATE OR REPLACE TEMPORARY TABLE "ROSTER_AUDIENCE_NEW_EXPORTERS" AS
select e.id
from "ROSTER_STAGE_USERS" as "E"
left join "ROSTER_FEATURES_USER" as "F" on "F"."ID" = "E"."ID"
where COALESCE(f."F2" > TO_TIMESTAMP_TZ('2026-06-23 00:00:00.000+00:00', 'YYYY-MM-DD HH24:MI:SS.FF3TZH:TZM') AND f."F2" <= TO_TIMESTAMP_TZ('2026-06-30 00:00:00.000+00:00', 'YYYY-MM-DD HH24:MI:SS.FF3TZH:TZM'), FALSE);

-- audience new_feature_users
CREATE OR REPLACE TEMPORARY TABLE "ROSTER_AUDIENCE_NEW_FEATURE_USERS" AS
select e.id
from "ROSTER_STAGE_USERS" as "E"
left join "ROSTER_FEATURES_USER" as "F" on "F"."ID" = "E"."ID"
where COALESCE(f."F3" > TO_TIMESTAMP_TZ('2026-06-23 00:00:00.000+00:00', 'YYYY-MM-DD HH24:MI:SS.FF3TZH:TZM') AND f."F3" <= TO_TIMESTAMP_TZ('2026-06-30 00:00:00.000+00:00', 'YYYY-MM-DD HH24:MI:SS.FF3TZH:TZM'), FALSE);

-- audience new_loggers (user)
select id
from "ROSTER_AUDIENCE_NEW_LOGGERS";

-- audience not_new (user)
select id
from "ROSTER_AUDIENCE_NOT_NEW";

-- audience first_in_june (user)
select id
from "ROSTER_AUDIENCE_FIRST_IN_JUNE";

-- audience first_7_60_ago (user)
select id
from "ROSTER_AUDIENCE_FIRST_7_60_AGO";

-- audience new_exporters (user)
select id
from "ROSTER_AUDIENCE_NEW_EXPORTERS";

-- audience new_feature_users (user)
select id
from "ROSTER_AUDIENCE_NEW_FEATURE_USERS";

-- trait first_export (user)
select id, "F2" AS value
from "ROSTER_FEATURES_USER"
where "F2" is not null;

drop table if exists "ROSTER_AUDIENCE_NEW_FEATURE_USERS";

drop table if exists "ROSTER_AUDIENCE_NEW_EXPORTERS";

drop table if exists "ROSTER_AUDIENCE_FIRST_7_60_AGO";

drop table if exists "ROSTER_AUDIENCE_FIRST_IN_JUNE";

drop table if exists "ROSTER_AUDIENCE_NOT_NEW";

drop table if exists "ROSTER_AUDIENCE_NEW_LOGGERS";

drop table if exists "ROSTER_FEATURES_ACCOUNT";

drop table if exists "ROSTER_FEATURES_USER";

drop table if exists "ROSTER_PARTIALS_TRACKS";

drop table if exists "ROSTER_STAGE_TRACKS";

drop table if exists "ROSTER_STAGE_MEMBERSHIPS";

drop table if exists "ROSTER_STAGE_ACCOUNTS";

drop table if exists "ROSTER_STAGE_USERS";
