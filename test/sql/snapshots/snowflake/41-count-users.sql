-- roster: snowflake script for now = 2026-06-30T00:00:00.000Z

-- Every user (distinct non-null ids) with the custom traits the project reads.
CREATE OR REPLACE TEMPORARY TABLE "ROSTER_STAGE_USERS" AS
select d.id, d."ROLE"
from (
  select
    CAST(s."ID" AS VARCHAR) AS id,
    CAST(s."ROLE" AS VARCHAR) AS "ROLE",
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
  and CAST(s."TIMESTAMP" AS TIMESTAMP_TZ) <= TO_TIMESTAMP_TZ('2026-06-30 00:00:00.000+00:00', 'YYYY-MM-DD HH24:MI:SS.FF3TZH:TZM')
  and CAST(s."TIMESTAMP" AS TIMESTAMP_TZ) >= TO_TIMESTAMP_TZ('2026-05-31 00:00:00.000+00:00', 'YYYY-MM-DD HH24:MI:SS.FF3TZH:TZM')
  and CAST(s."EVENT" AS VARCHAR) IN ('Logged In');

-- Partial aggregates of every feature over tracks, in one pass, per user.
CREATE OR REPLACE TEMPORARY TABLE "ROSTER_PARTIALS_TRACKS" AS
select
  e.user_id,
  count(CASE WHEN e.event = 'Logged In' AND e.ts > TO_TIMESTAMP_TZ('2026-05-31 00:00:00.000+00:00', 'YYYY-MM-DD HH24:MI:SS.FF3TZH:TZM') AND e.ts <= TO_TIMESTAMP_TZ('2026-06-30 00:00:00.000+00:00', 'YYYY-MM-DD HH24:MI:SS.FF3TZH:TZM') THEN 1 END) AS "F1__N"
from "ROSTER_STAGE_TRACKS" as "E"
group by e.user_id;

-- Every feature needed per user.
CREATE OR REPLACE TEMPORARY TABLE "ROSTER_FEATURES_USER" AS
select
  x.id,
  COALESCE(CAST(r1."F1__N" AS DOUBLE), CAST(0 AS DOUBLE)) AS "F1"
from "ROSTER_STAGE_USERS" as "X"
left join "ROSTER_PARTIALS_TRACKS" as "R1" on r1.user_id = x.id;

-- No event features per account.
CREATE OR REPLACE TEMPORARY TABLE "ROSTER_FEATURES_ACCOUNT" AS
select x.id
from "ROSTER_STAGE_ACCOUNTS" as "X";

-- Per account: its users, and how many of them satisfy each quantifier body, in one pass.
CREATE OR REPLACE TEMPORARY TABLE "ROSTER_QUANTIFIED_ACCOUNT" AS
select
  m.account_id AS id,
  count(*) AS n,
  count(CASE WHEN COALESCE(fu."F1" >= CAST(1 AS DOUBLE), FALSE) THEN 1 END) AS "Q1",
  count(CASE WHEN (NOT COALESCE(fu."F1" >= CAST(1 AS DOUBLE), FALSE)) THEN 1 END) AS "Q2",
  count(CASE WHEN COALESCE(u."ROLE" = 'Admin', FALSE) THEN 1 END) AS "Q3",
  count(CASE WHEN (COALESCE(u."ROLE" = 'Admin', FALSE)
  AND COALESCE(fu."F1" >= CAST(1 AS DOUBLE), FALSE)) THEN 1 END) AS "Q4"
from "ROSTER_STAGE_MEMBERSHIPS" as "M"
inner join "ROSTER_STAGE_USERS" as "U" on u.id = m.user_id
left join "ROSTER_FEATURES_USER" as "FU" on fu.id = u.id
group by m.account_id;

-- trait members
CREATE OR REPLACE TEMPORARY TABLE "ROSTER_TRAIT_MEMBERS" AS
select
  e.id,
  CAST(COALESCE(g.n, CAST(0 AS DOUBLE)) AS DOUBLE) AS value
from "ROSTER_STAGE_ACCOUNTS" as "E"
left join "ROSTER_FEATURES_ACCOUNT" as "F" on "F"."ID" = "E"."ID"
left join "ROSTER_QUANTIFIED_ACCOUNT" as "G" on "G"."ID" = "E"."ID";

-- trait active_members
CREATE OR REPLACE TEMPORARY TABLE "ROSTER_TRAIT_ACTIVE_MEMBERS" AS
select
  e.id,
  CAST(COALESCE(g."Q1", CAST(0 AS DOUBLE)) AS DOUBLE) AS value
from "ROSTER_STAGE_ACCOUNTS" as "E"
left join "ROSTER_FEATURES_ACCOUNT" as "F" on "F"."ID" = "E"."ID"
left join "ROSTER_QUANTIFIED_ACCOUNT" as "G" on "G"."ID" = "E"."ID";

-- trait inactive_members
CREATE OR REPLACE TEMPORARY TABLE "ROSTER_TRAIT_INACTIVE_MEMBERS" AS
select
  e.id,
  CAST(COALESCE(g."Q2", CAST(0 AS DOUBLE)) AS DOUBLE) AS value
from "ROSTER_STAGE_ACCOUNTS" as "E"
left join "ROSTER_FEATURES_ACCOUNT" as "F" on "F"."ID" = "E"."ID"
left join "ROSTER_QUANTIFIED_ACCOUNT" as "G" on "G"."ID" = "E"."ID";

-- trait admins
CREATE OR REPLACE TEMPORARY TABLE "ROSTER_TRAIT_ADMINS" AS
select
  e.id,
  CAST(COALESCE(g."Q3", CAST(0 AS DOUBLE)) AS DOUBLE) AS value
from "ROSTER_STAGE_ACCOUNTS" as "E"
left join "ROSTER_FEATURES_ACCOUNT" as "F" on "F"."ID" = "E"."ID"
left join "ROSTER_QUANTIFIED_ACCOUNT" as "G" on "G"."ID" = "E"."ID";

-- trait active_admins
CREATE OR REPLACE TEMPORARY TABLE "ROSTER_TRAIT_ACTIVE_ADMINS" AS
select
  e.id,
  CAST(COALESCE(g."Q4", CAST(0 AS DOUBLE)) AS DOUBLE) AS value
from "ROSTER_STAGE_ACCOUNTS" as "E"
left join "ROSTER_FEATURES_ACCOUNT" as "F" on "F"."ID" = "E"."ID"
left join "ROSTER_QUANTIFIED_ACCOUNT" as "G" on "G"."ID" = "E"."ID";

-- audience two_active
CREATE OR REPLACE TEMPORARY TABLE "ROSTER_AUDIENCE_TWO_ACTIVE" AS
select e.id
from "ROSTER_STAGE_ACCOUNTS" as "E"
left join "ROSTER_FEATURES_ACCOUNT" as "F" on "F"."ID" = "E"."ID"
left join "ROSTER_QUANTIFIED_ACCOUNT" as "G" on "G"."ID" = "E"."ID"
where COALESCE(CAST(COALESCE(g."Q1", CAST(0 AS DOUBLE)) AS DOUBLE) >= CAST(2 AS DOUBLE), FALSE);

-- audience small_team
CREATE OR REPLACE TEMPORARY TABLE "ROSTER_AUDIENCE_SMALL_TEAM" AS
select e.id
from "ROSTER_STAGE_ACCOUNTS" as "E"
left join "ROSTER_FEATURES_ACCOUNT" as "F" on "F"."ID" = "E"."ID"
left join "ROSTER_QUANTIFIED_ACCOUNT" as "G" on "G"."ID" = "E"."ID"
where COALESCE(CAST(COALESCE(g.n, CAST(0 AS DOUBLE)) AS DOUBLE) < CAST(2 AS DOUBLE), FALSE);

-- trait members (account)
select t.id, t.value
from "ROSTER_TRAIT_MEMBERS" as "T";

-- trait active_members (account)
select t.id, t.value
from "ROSTER_TRAIT_ACTIVE_MEMBERS" as "T";

-- trait inactive_members (account)
select t.id, t.value
from "ROSTER_TRAIT_INACTIVE_MEMBERS" as "T";

-- trait admins (account)
select t.id, t.value
from "ROSTER_TRAIT_ADMINS" as "T";

-- trait active_admins (account)
select t.id, t.value
from "ROSTER_TRAIT_ACTIVE_ADMINS" as "T";

-- audience two_active (account)
select id
from "ROSTER_AUDIENCE_TWO_ACTIVE";

-- audience small_team (account)
select id
from "ROSTER_AUDIENCE_SMALL_TEAM";

drop table if exists "ROSTER_AUDIENCE_SMALL_TEAM";

drop table if exists "ROSTER_AUDIENCE_TWO_ACTIVE";

drop table if exists "ROSTER_TRAIT_ACTIVE_ADMINS";

drop table if exists "ROSTER_TRAIT_ADMINS";

drop table if exists "ROSTER_TRAIT_INACTIVE_MEMBERS";

drop table if exists "ROSTER_TRAIT_ACTIVE_MEMBERS";

drop table if exists "ROSTER_TRAIT_MEMBERS";

drop table if exists "ROSTER_QUANTIFIED_ACCOUNT";

drop table if exists "ROSTER_FEATURES_ACCOUNT";

drop table if exists "ROSTER_FEATURES_USER";

drop table if exists "ROSTER_PARTIALS_TRACKS";

drop table if exists "ROSTER_STAGE_TRACKS";

drop table if exists "ROSTER_STAGE_MEMBERSHIPS";

drop table if exists "ROSTER_STAGE_ACCOUNTS";

drop table if exists "ROSTER_STAGE_USERS";
