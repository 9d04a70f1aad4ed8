-- roster: snowflake script for now = 2026-03-10T08:00:00.000Z

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
select d.id, d."CREATED_AT"
from (
  select
    CAST(s."ID" AS VARCHAR) AS id,
    CAST(s."CREATED_AT" AS TIMESTAMP_TZ) AS "CREATED_AT",
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
  and CAST(s."TIMESTAMP" AS TIMESTAMP_TZ) <= TO_TIMESTAMP_TZ('2026-03-10 08:00:00.000+00:00', 'YYYY-MM-DD HH24:MI:SS.FF3TZH:TZM')
  and CAST(s."EVENT" AS VARCHAR) IN ('Feature Used', 'Logged In');

-- Partial aggregates of every feature over tracks, in one pass, per user.
CREATE OR REPLACE TEMPORARY TABLE "ROSTER_PARTIALS_TRACKS" AS
select
  e.user_id,
  count(CASE WHEN e.event = 'Logged In' AND e.ts <= TO_TIMESTAMP_TZ('2026-02-08 08:00:00.000+00:00', 'YYYY-MM-DD HH24:MI:SS.FF3TZH:TZM') THEN 1 END) AS "F1__N",
  count(CASE WHEN e.event = 'Logged In' AND e.ts > TO_TIMESTAMP_TZ('2026-02-08 08:00:00.000+00:00', 'YYYY-MM-DD HH24:MI:SS.FF3TZH:TZM') AND e.ts <= TO_TIMESTAMP_TZ('2026-03-10 08:00:00.000+00:00', 'YYYY-MM-DD HH24:MI:SS.FF3TZH:TZM') THEN 1 END) AS "F2__N",
  count(CASE WHEN e.event = 'Logged In' AND e.ts <= TO_TIMESTAMP_TZ('2026-03-10 08:00:00.000+00:00', 'YYYY-MM-DD HH24:MI:SS.FF3TZH:TZM') THEN 1 END) AS "F3__N",
  count(CASE WHEN e.event = 'Logged In' THEN 1 END) AS "T_ALL_LOGINS__N",
  count(CASE WHEN e.event = 'Feature Used' AND e.ts <= TO_TIMESTAMP_TZ('2026-03-10 06:30:00.000+00:00', 'YYYY-MM-DD HH24:MI:SS.FF3TZH:TZM') THEN 1 END) AS "F4__N"
from "ROSTER_STAGE_TRACKS" as "E"
group by e.user_id;

-- Every feature needed per user.
CREATE OR REPLACE TEMPORARY TABLE "ROSTER_FEATURES_USER" AS
select
  x.id,
  COALESCE(CAST(r1."F1__N" AS DOUBLE), CAST(0 AS DOUBLE)) AS "F1",
  COALESCE(CAST(r1."F2__N" AS DOUBLE), CAST(0 AS DOUBLE)) AS "F2",
  COALESCE(CAST(r1."F3__N" AS DOUBLE), CAST(0 AS DOUBLE)) AS "F3",
  COALESCE(CAST(r1."T_ALL_LOGINS__N" AS DOUBLE), CAST(0 AS DOUBLE)) AS "T_ALL_LOGINS",
  COALESCE(CAST(r1."F4__N" AS DOUBLE), CAST(0 AS DOUBLE)) AS "F4"
from "ROSTER_STAGE_USERS" as "X"
left join "ROSTER_PARTIALS_TRACKS" as "R1" on r1.user_id = x.id;

-- No event features per account.
CREATE OR REPLACE TEMPORARY TABLE "ROSTER_FEATURES_ACCOUNT" AS
select x.id
from "ROSTER_STAGE_ACCOUNTS" as "X";

-- audience lapsed_30d
CREATE OR REPLACE TEMPORARY TABLE "ROSTER_AUDIENCE_LAPSED_30D" AS
select e.id
from "ROSTER_STAGE_USERS" as "E"
left join "ROSTER_FEATURES_USER" as "F" on "F"."ID" = "E"."ID"
where COALESCE(f."F1" >= CAST(1 AS DOUBLE), FALSE);

-- audience recent_30d
CREATE OR REPLACE TEMPORARY TABLE "ROSTER_AUDIENCE_RECENT_30D" AS
select e.id
from "ROSTER_STAGE_USERS" as "E"
left join "ROSTER_FEATURES_USER" as "F" on "F"."ID" = "E"."ID"
where COALESCE(f."F2" >= CAST(1 AS DOUBLE), FALSE);

-- audience any_login
CREATE OR REPLACE TEMPORARY TABLE "ROSTER_AUDIENCE_ANY_LOGIN" AS
select e.id
from "ROSTER_STAGE_USERS" as "E"
left join "ROSTER_FEATURES_USER" as "F" on "F"."ID" = "E"."ID"
where COALESCE(f."F3" >= CAST(1 AS DOUBLE), FALSE);

-- audience never_old
CREATE OR REPLACE TEMPORARY TABLE "ROSTER_AUDIENCE_NEVER_OLD" AS
select e.id
from "ROSTER_STAGE_USERS" as "E"
left join "ROSTER_FEATURES_USER" as "F" on "F"."ID" = "E"."ID"
where (NOT COALESCE(f."F1" >= CAST(1 AS DOUBLE), FALSE));

-- audience old_twice
CREATE OR REPLACE TEMPORARY TABLE "ROSTER_AUDIENCE_OLD_TWICE" AS
select e.id
from "ROSTER_STAGE_USERS" as "E"
left join "ROSTER_FEATURES_USER" as "F" on "F"."ID" = "E"."ID"
where COALESCE(f."F1" >= CAST(2 AS DOUBLE), FALSE);

-- audience fu_before_90m
CREATE OR REPLACE TEMPORARY TABLE "ROSTER_AUDIENCE_FU_BEFORE_90M" AS
select e.id
from "ROSTER_STAGE_USERS" as "E"
left join "ROSTER_FEATURES_USER" as "F" on "F"."ID" = "E"."ID"
where COALESCE(f."F4" >= CAST(1 AS DOUBLE), FALSE);

-- audience old_signup
CREATE OR REPLACE TEMPORARY TABLE "ROSTER_AUDIENCE_OLD_SIGNUP" AS
select e.id
from "ROSTER_STAGE_USERS" as "E"
left join "ROSTER_FEATURES_USER" as "F" on "F"."ID" = "E"."ID"
where COALESCE(e."SIGNED_UP_AT" <= TO_TIMESTAMP_TZ('2026-02-24 08:00:00.000+00:00', 'YYYY-MM-DD HH24:MI:SS.FF3TZH:TZM'), FALSE);

-- audience old_signup_date
CREATE OR REPLACE TEMPORARY TABLE "ROSTER_AUDIENCE_OLD_SIGNUP_DATE" AS
select e.id
from "ROSTER_STAGE_USERS" as "E"
left join "ROSTER_FEATURES_USER" as "F" on "F"."ID" = "E"."ID"
where COALESCE(e."SIGNED_UP_AT" < TO_TIMESTAMP_TZ('2026-02-24 08:00:00.000+00:00', 'YYYY-MM-DD HH24:MI:SS.FF3TZH:TZM'), FALSE);

-- audience existing_accounts
CREATE OR REPLACE TEMPORARY TABLE "ROSTER_AUDIENCE_EXISTING_ACCOUNTS" AS
select e.id
from "ROSTER_STAGE_ACCOUNTS" as "E"
left join "ROSTER_FEATURES_ACCOUNT" as "F" on "F"."ID" = "E"."ID"
where COALESCE(e."CREATED_AT" <= TO_TIMESTAMP_TZ('2026-03-10 08:00:00.000+00:00', 'YYYY-MM-DD HH24:MI:SS.FF3TZH:TZM'), FALSE);

-- audience lapsed_30d (user)
select id
from "ROSTER_AUDIENCE_LAPSED_30D";

-- audience recent_30d (user)
select id
from "ROSTER_AUDIENCE_RECENT_30D";

-- audience any_login (user)
select id
from "ROSTER_AUDIENCE_ANY_LOGIN";

-- audience never_old (user)
select id
from "ROSTER_AUDIENCE_NEVER_OLD";

-- audience old_twice (user)
select id
from "ROSTER_AUDIENCE_OLD_TWICE";

-- trait old_logins (user)
select id, "F1" AS value
from "ROSTER_FEATURES_USER"
where "F1" is not null;

-- trait new_logins (user)
select id, "F2" AS value
from "ROSTER_FEATURES_USER"
where "F2" is not null;

-- trait all_logins (user)
select id, "T_ALL_LOGINS" AS value
from "ROSTER_FEATURES_USER"
where "T_ALL_LOGINS" is not null;

-- audience fu_before_90m (user)
select id
from "ROSTER_AUDIENCE_FU_BEFORE_90M";

-- audience old_signup (user)
select id
from "ROSTER_AUDIENCE_OLD_SIGNUP";

-- audience old_signup_date (user)
select id
from "ROSTER_AUDIENCE_OLD_SIGNUP_DATE";

-- audience existing_accounts (account)
select id
from "ROSTER_AUDIENCE_EXISTING_ACCOUNTS";

drop table if exists "ROSTER_AUDIENCE_EXISTING_ACCOUNTS";

drop table if exists "ROSTER_AUDIENCE_OLD_SIGNUP_DATE";

drop table if exists "ROSTER_AUDIENCE_OLD_SIGNUP";

drop table if exists "ROSTER_AUDIENCE_FU_BEFORE_90M";

drop table if exists "ROSTER_AUDIENCE_OLD_TWICE";

drop table if exists "ROSTER_AUDIENCE_NEVER_OLD";

drop table if exists "ROSTER_AUDIENCE_ANY_LOGIN";

drop table if exists "ROSTER_AUDIENCE_RECENT_30D";

drop table if exists "ROSTER_AUDIENCE_LAPSED_30D";

drop table if exists "ROSTER_FEATURES_ACCOUNT";

drop table if exists "ROSTER_FEATURES_USER";

drop table if exists "ROSTER_PARTIALS_TRACKS";

drop table if exists "ROSTER_STAGE_TRACKS";

drop table if exists "ROSTER_STAGE_MEMBERSHIPS";

drop table if exists "ROSTER_STAGE_ACCOUNTS";

drop table if exists "ROSTER_STAGE_USERS";
