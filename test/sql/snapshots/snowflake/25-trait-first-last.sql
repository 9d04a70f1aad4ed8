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
  CAST(s."MESSAGE_ID" AS VARCHAR) AS message_id,
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
  min(CASE WHEN e.event = 'Logged In' THEN e.ts END) AS "T_FIRST_LOGIN__V",
  max(CASE WHEN e.event = 'Logged In' THEN e.ts END) AS "T_LAST_LOGIN__V",
  MIN_BY(CASE WHEN e."P_FEATURE" IS NOT NULL AND e.event = 'Feature Used' THEN e."P_FEATURE" END, CASE WHEN e."P_FEATURE" IS NOT NULL AND e.event = 'Feature Used' THEN (TO_CHAR(CONVERT_TIMEZONE('UTC', e.ts), 'YYYY-MM-DD"T"HH24:MI:SS.FF9') || CASE WHEN e.message_id IS NULL THEN '0' ELSE '1' || e.message_id END) COLLATE 'utf8' END) AS "T_FIRST_FEATURE__V",
  MIN_BY(CASE WHEN e."P_FEATURE" IS NOT NULL AND e.event = 'Feature Used' THEN e.ts END, CASE WHEN e."P_FEATURE" IS NOT NULL AND e.event = 'Feature Used' THEN (TO_CHAR(CONVERT_TIMEZONE('UTC', e.ts), 'YYYY-MM-DD"T"HH24:MI:SS.FF9') || CASE WHEN e.message_id IS NULL THEN '0' ELSE '1' || e.message_id END) COLLATE 'utf8' END) AS "T_FIRST_FEATURE__T",
  MIN_BY(CASE WHEN e."P_FEATURE" IS NOT NULL AND e.event = 'Feature Used' THEN e.message_id END, CASE WHEN e."P_FEATURE" IS NOT NULL AND e.event = 'Feature Used' THEN (TO_CHAR(CONVERT_TIMEZONE('UTC', e.ts), 'YYYY-MM-DD"T"HH24:MI:SS.FF9') || CASE WHEN e.message_id IS NULL THEN '0' ELSE '1' || e.message_id END) COLLATE 'utf8' END) AS "T_FIRST_FEATURE__M",
  MAX_BY(CASE WHEN e."P_FEATURE" IS NOT NULL AND e.event = 'Feature Used' THEN e."P_FEATURE" END, CASE WHEN e."P_FEATURE" IS NOT NULL AND e.event = 'Feature Used' THEN (TO_CHAR(CONVERT_TIMEZONE('UTC', e.ts), 'YYYY-MM-DD"T"HH24:MI:SS.FF9') || CASE WHEN e.message_id IS NULL THEN '0' ELSE '1' || e.message_id END) COLLATE 'utf8' END) AS "T_LAST_FEATURE__V",
  MAX_BY(CASE WHEN e."P_FEATURE" IS NOT NULL AND e.event = 'Feature Used' THEN e.ts END, CASE WHEN e."P_FEATURE" IS NOT NULL AND e.event = 'Feature Used' THEN (TO_CHAR(CONVERT_TIMEZONE('UTC', e.ts), 'YYYY-MM-DD"T"HH24:MI:SS.FF9') || CASE WHEN e.message_id IS NULL THEN '0' ELSE '1' || e.message_id END) COLLATE 'utf8' END) AS "T_LAST_FEATURE__T",
  MAX_BY(CASE WHEN e."P_FEATURE" IS NOT NULL AND e.event = 'Feature Used' THEN e.message_id END, CASE WHEN e."P_FEATURE" IS NOT NULL AND e.event = 'Feature Used' THEN (TO_CHAR(CONVERT_TIMEZONE('UTC', e.ts), 'YYYY-MM-DD"T"HH24:MI:SS.FF9') || CASE WHEN e.message_id IS NULL THEN '0' ELSE '1' || e.message_id END) COLLATE 'utf8' END) AS "T_LAST_FEATURE__M"
from "ROSTER_STAGE_TRACKS" as "E"
group by e.user_id;

-- Every feature needed per user.
CREATE OR REPLACE TEMPORARY TABLE "ROSTER_FEATURES_USER" AS
select
  x.id,
  r1."T_FIRST_LOGIN__V" AS "T_FIRST_LOGIN",
  r1."T_LAST_LOGIN__V" AS "T_LAST_LOGIN",
  r1."T_FIRST_FEATURE__V" AS "T_FIRST_FEATURE",
  r1."T_LAST_FEATURE__V" AS "T_LAST_FEATURE"
from "ROSTER_STAGE_USERS" as "X"
left join "ROSTER_PARTIALS_TRACKS" as "R1" on r1.user_id = x.id;

-- Every feature needed per account.
CREATE OR REPLACE TEMPORARY TABLE "ROSTER_FEATURES_ACCOUNT" AS
select x.id, r1."T_LAST_FEATURE" AS "T_LAST_FEATURE"
from "ROSTER_STAGE_ACCOUNTS" as "X"
left join (
  select
    m.account_id AS id,
    MAX_BY(CASE WHEN p."T_LAST_FEATURE__T" IS NOT NULL THEN p."T_LAST_FEATURE__V" END, CASE WHEN p."T_LAST_FEATURE__T" IS NOT NULL THEN (TO_CHAR(CONVERT_TIMEZONE('UTC', p."T_LAST_FEATURE__T"), 'YYYY-MM-DD"T"HH24:MI:SS.FF9') || CASE WHEN p."T_LAST_FEATURE__M" IS NULL THEN '0' ELSE '1' || p."T_LAST_FEATURE__M" END) COLLATE 'utf8' END) AS "T_LAST_FEATURE"
  from "ROSTER_STAGE_MEMBERSHIPS" as "M"
  inner join "ROSTER_PARTIALS_TRACKS" as "P" on p.user_id = m.user_id
  group by m.account_id
) as "R1" on r1.id = x.id;

-- trait first_login (user)
select id, "T_FIRST_LOGIN" AS value
from "ROSTER_FEATURES_USER"
where "T_FIRST_LOGIN" is not null;

-- trait last_login (user)
select id, "T_LAST_LOGIN" AS value
from "ROSTER_FEATURES_USER"
where "T_LAST_LOGIN" is not null;

-- trait first_feature (user)
select id, "T_FIRST_FEATURE" AS value
from "ROSTER_FEATURES_USER"
where "T_FIRST_FEATURE" is not null;

-- trait last_feature (user)
select id, "T_LAST_FEATURE" AS value
from "ROSTER_FEATURES_USER"
where "T_LAST_FEATURE" is not null;

-- trait account_last_feature (account)
select id, "T_LAST_FEATURE" AS value
from "ROSTER_FEATURES_ACCOUNT"
where "T_LAST_FEATURE" is not null;

drop table if exists "ROSTER_FEATURES_ACCOUNT";

drop table if exists "ROSTER_FEATURES_USER";

drop table if exists "ROSTER_PARTIALS_TRACKS";

drop table if exists "ROSTER_STAGE_TRACKS";

drop table if exists "ROSTER_STAGE_MEMBERSHIPS";

drop table if exists "ROSTER_STAGE_ACCOUNTS";

drop table if exists "ROSTER_STAGE_USERS";
