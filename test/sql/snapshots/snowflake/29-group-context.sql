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
  CAST(s."GROUP_ID" AS VARCHAR) AS group_id,
  CAST(s."EVENT" AS VARCHAR) AS event
from "TRACKS" AS s
where CAST(s."USER_ID" AS VARCHAR) IS NOT NULL
  and CAST(s."TIMESTAMP" AS TIMESTAMP_TZ) <= TO_TIMESTAMP_TZ('2026-06-30 00:00:00.000+00:00', 'YYYY-MM-DD HH24:MI:SS.FF3TZH:TZM')
  and CAST(s."EVENT" AS VARCHAR) IN ('Logged In');

-- Partial aggregates of every feature over tracks, in one pass, per user and group tag.
CREATE OR REPLACE TEMPORARY TABLE "ROSTER_PARTIALS_TRACKS" AS
select
  e.user_id,
  e.group_id AS "TAG",
  count(CASE WHEN e.event = 'Logged In' AND e.ts > TO_TIMESTAMP_TZ('2026-05-31 00:00:00.000+00:00', 'YYYY-MM-DD HH24:MI:SS.FF3TZH:TZM') AND e.ts <= TO_TIMESTAMP_TZ('2026-06-30 00:00:00.000+00:00', 'YYYY-MM-DD HH24:MI:SS.FF3TZH:TZM') THEN 1 END) AS "F1__N",
  count(CASE WHEN e.event = 'Logged In' THEN 1 END) AS "T_LOGINS__N"
from "ROSTER_STAGE_TRACKS" as "E"
group by e.user_id, e.group_id;

-- Every feature needed per user.
CREATE OR REPLACE TEMPORARY TABLE "ROSTER_FEATURES_USER" AS
select x.id, COALESCE(r1."F1", CAST(0 AS DOUBLE)) AS "F1"
from "ROSTER_STAGE_USERS" as "X"
left join (
  select p.user_id AS id, CAST(sum(p."F1__N") AS DOUBLE) AS "F1"
  from "ROSTER_PARTIALS_TRACKS" as "P"
  group by p.user_id
) as "R1" on r1.id = x.id;

-- Every feature needed per account.
CREATE OR REPLACE TEMPORARY TABLE "ROSTER_FEATURES_ACCOUNT" AS
select
  x.id,
  COALESCE(r1."T_LOGINS", CAST(0 AS DOUBLE)) AS "T_LOGINS"
from "ROSTER_STAGE_ACCOUNTS" as "X"
left join (
  select
    m.account_id AS id,
    CAST(sum(p."T_LOGINS__N") AS DOUBLE) AS "T_LOGINS"
  from "ROSTER_STAGE_MEMBERSHIPS" as "M"
  inner join "ROSTER_PARTIALS_TRACKS" as "P" on p.user_id = m.user_id AND (p."TAG" IS NULL OR p."TAG" = m.account_id)
  group by m.account_id
) as "R1" on r1.id = x.id;

-- Every feature needed per (user, account).
CREATE OR REPLACE TEMPORARY TABLE "ROSTER_FEATURES_USER_ACCOUNT" AS
select
  x.user_id,
  x.account_id,
  COALESCE(r1."F1", CAST(0 AS DOUBLE)) AS "F1"
from "ROSTER_STAGE_MEMBERSHIPS" as "X"
left join (
  select
    m.user_id AS user_id,
    m.account_id AS account_id,
    CAST(sum(p."F1__N") AS DOUBLE) AS "F1"
  from "ROSTER_STAGE_MEMBERSHIPS" as "M"
  inner join "ROSTER_PARTIALS_TRACKS" as "P" on p.user_id = m.user_id AND (p."TAG" IS NULL OR p."TAG" = m.account_id)
  group by m.user_id, m.account_id
) as "R1" on r1.user_id = x.user_id AND r1.account_id = x.account_id;

-- Per account: its users, and how many of them satisfy each quantifier body, in one pass.
CREATE OR REPLACE TEMPORARY TABLE "ROSTER_QUANTIFIED_ACCOUNT" AS
select
  m.account_id AS id,
  count(*) AS n,
  count(CASE WHEN COALESCE(fp."F1" >= CAST(1 AS DOUBLE), FALSE) THEN 1 END) AS "Q1"
from "ROSTER_STAGE_MEMBERSHIPS" as "M"
inner join "ROSTER_STAGE_USERS" as "U" on u.id = m.user_id
left join "ROSTER_FEATURES_USER" as "FU" on fu.id = u.id
left join "ROSTER_FEATURES_USER_ACCOUNT" as "FP" on fp.user_id = m.user_id AND fp.account_id = m.account_id
group by m.account_id;

-- audience active
CREATE OR REPLACE TEMPORARY TABLE "ROSTER_AUDIENCE_ACTIVE" AS
select e.id
from "ROSTER_STAGE_ACCOUNTS" as "E"
left join "ROSTER_FEATURES_ACCOUNT" as "F" on "F"."ID" = "E"."ID"
left join "ROSTER_QUANTIFIED_ACCOUNT" as "G" on "G"."ID" = "E"."ID"
where (COALESCE(g."Q1", CAST(0 AS DOUBLE)) > CAST(0 AS DOUBLE));

-- audience active_users
CREATE OR REPLACE TEMPORARY TABLE "ROSTER_AUDIENCE_ACTIVE_USERS" AS
select e.id
from "ROSTER_STAGE_USERS" as "E"
left join "ROSTER_FEATURES_USER" as "F" on "F"."ID" = "E"."ID"
where COALESCE(f."F1" >= CAST(1 AS DOUBLE), FALSE);

-- audience active (account)
select id
from "ROSTER_AUDIENCE_ACTIVE";

-- trait logins (account)
select id, "T_LOGINS" AS value
from "ROSTER_FEATURES_ACCOUNT"
where "T_LOGINS" is not null;

-- audience active_users (user)
select id
from "ROSTER_AUDIENCE_ACTIVE_USERS";

drop table if exists "ROSTER_AUDIENCE_ACTIVE_USERS";

drop table if exists "ROSTER_AUDIENCE_ACTIVE";

drop table if exists "ROSTER_QUANTIFIED_ACCOUNT";

drop table if exists "ROSTER_FEATURES_USER_ACCOUNT";

drop table if exists "ROSTER_FEATURES_ACCOUNT";

drop table if exists "ROSTER_FEATURES_USER";

drop table if exists "ROSTER_PARTIALS_TRACKS";

drop table if exists "ROSTER_STAGE_TRACKS";

drop table if exists "ROSTER_STAGE_MEMBERSHIPS";

drop table if exists "ROSTER_STAGE_ACCOUNTS";

drop table if exists "ROSTER_STAGE_USERS";
