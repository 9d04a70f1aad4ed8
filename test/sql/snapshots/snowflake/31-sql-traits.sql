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

-- No event features per user.
CREATE OR REPLACE TEMPORARY TABLE "ROSTER_FEATURES_USER" AS
select x.id
from "ROSTER_STAGE_USERS" as "X";

-- No event features per account.
CREATE OR REPLACE TEMPORARY TABLE "ROSTER_FEATURES_ACCOUNT" AS
select x.id
from "ROSTER_STAGE_ACCOUNTS" as "X";

-- SQL trait active_users_30d
-- Distinct users of the account who logged in during the last 30 days.
CREATE OR REPLACE TEMPORARY TABLE "ROSTER_TRAIT_ACTIVE_USERS_30D" AS
select CAST(NULL AS VARCHAR) AS id, CAST(NULL AS DOUBLE) AS value
from (
  select 1 AS x
) as "E"
where 1 = 0;

insert into "ROSTER_TRAIT_ACTIVE_USERS_30D" (id, value) select
  CAST(q.id AS VARCHAR) AS id,
  CAST(q.value AS DOUBLE) AS value
from (

    select m.account_id as id, count(distinct e.user_id) as value
    from (select
  CAST(s."USER_ID" AS VARCHAR) AS "USER_ID",
  CAST(s."ACCOUNT_ID" AS VARCHAR) AS "ACCOUNT_ID"
from "MEMBERSHIPS" AS s) m join (select
  CAST(s."MESSAGE_ID" AS VARCHAR) AS "MESSAGE_ID",
  CAST(s."USER_ID" AS VARCHAR) AS "USER_ID",
  CAST(s."EVENT" AS VARCHAR) AS "EVENT",
  CAST(s."TIMESTAMP" AS TIMESTAMP_TZ) AS "TIMESTAMP",
  CAST(s."GROUP_ID" AS VARCHAR) AS "GROUP_ID",
  s."PROPERTIES" AS "PROPERTIES"
from "TRACKS" AS s) e on e.user_id = m.user_id
    where e.event = 'Logged In'
      and e.timestamp > TO_TIMESTAMP_TZ('2026-06-30 00:00:00.000+00:00', 'YYYY-MM-DD HH24:MI:SS.FF3TZH:TZM') - interval '30 days'
      and e.timestamp <= TO_TIMESTAMP_TZ('2026-06-30 00:00:00.000+00:00', 'YYYY-MM-DD HH24:MI:SS.FF3TZH:TZM')
    group by 1
) AS q;

-- SQL trait events_total
CREATE OR REPLACE TEMPORARY TABLE "ROSTER_TRAIT_EVENTS_TOTAL" AS
select CAST(NULL AS VARCHAR) AS id, CAST(NULL AS DOUBLE) AS value
from (
  select 1 AS x
) as "E"
where 1 = 0;

insert into "ROSTER_TRAIT_EVENTS_TOTAL" (id, value) select
  CAST(q.id AS VARCHAR) AS id,
  CAST(q.value AS DOUBLE) AS value
from (

    select e.user_id as id, count(*) as value
    from (select
  CAST(s."MESSAGE_ID" AS VARCHAR) AS "MESSAGE_ID",
  CAST(s."USER_ID" AS VARCHAR) AS "USER_ID",
  CAST(s."EVENT" AS VARCHAR) AS "EVENT",
  CAST(s."TIMESTAMP" AS TIMESTAMP_TZ) AS "TIMESTAMP",
  CAST(s."GROUP_ID" AS VARCHAR) AS "GROUP_ID",
  s."PROPERTIES" AS "PROPERTIES"
from "TRACKS" AS s) e
    where e.timestamp <= TO_TIMESTAMP_TZ('2026-06-30 00:00:00.000+00:00', 'YYYY-MM-DD HH24:MI:SS.FF3TZH:TZM')
    group by 1
) AS q;

-- SQL trait min_event_name
CREATE OR REPLACE TEMPORARY TABLE "ROSTER_TRAIT_MIN_EVENT_NAME" AS
select CAST(NULL AS VARCHAR) AS id, CAST(NULL AS VARCHAR) AS value
from (
  select 1 AS x
) as "E"
where 1 = 0;

insert into "ROSTER_TRAIT_MIN_EVENT_NAME" (id, value) select
  CAST(q.id AS VARCHAR) AS id,
  CAST(q.value AS VARCHAR) AS value
from (

    select e.user_id as id, min(e.event) as value
    from (select
  CAST(s."MESSAGE_ID" AS VARCHAR) AS "MESSAGE_ID",
  CAST(s."USER_ID" AS VARCHAR) AS "USER_ID",
  CAST(s."EVENT" AS VARCHAR) AS "EVENT",
  CAST(s."TIMESTAMP" AS TIMESTAMP_TZ) AS "TIMESTAMP",
  CAST(s."GROUP_ID" AS VARCHAR) AS "GROUP_ID",
  s."PROPERTIES" AS "PROPERTIES"
from "TRACKS" AS s) e
    where e.timestamp <= TO_TIMESTAMP_TZ('2026-06-30 00:00:00.000+00:00', 'YYYY-MM-DD HH24:MI:SS.FF3TZH:TZM')
    group by e.user_id
) AS q;

-- audience team_active
CREATE OR REPLACE TEMPORARY TABLE "ROSTER_AUDIENCE_TEAM_ACTIVE" AS
select e.id
from "ROSTER_STAGE_ACCOUNTS" as "E"
left join "ROSTER_FEATURES_ACCOUNT" as "F" on "F"."ID" = "E"."ID"
where COALESCE((
  select t1.value
  from "ROSTER_TRAIT_ACTIVE_USERS_30D" as "T1"
  where t1.id = e.id
) >= CAST(2 AS DOUBLE), FALSE);

-- audience unknown_activity
CREATE OR REPLACE TEMPORARY TABLE "ROSTER_AUDIENCE_UNKNOWN_ACTIVITY" AS
select e.id
from "ROSTER_STAGE_ACCOUNTS" as "E"
left join "ROSTER_FEATURES_ACCOUNT" as "F" on "F"."ID" = "E"."ID"
where (NOT COALESCE((
  select t2.value
  from "ROSTER_TRAIT_ACTIVE_USERS_30D" as "T2"
  where t2.id = e.id
) IS NOT NULL, FALSE));

-- audience chatty
CREATE OR REPLACE TEMPORARY TABLE "ROSTER_AUDIENCE_CHATTY" AS
select e.id
from "ROSTER_STAGE_USERS" as "E"
left join "ROSTER_FEATURES_USER" as "F" on "F"."ID" = "E"."ID"
where COALESCE((
  select t3.value
  from "ROSTER_TRAIT_EVENTS_TOTAL" as "T3"
  where t3.id = e.id
) > CAST(1 AS DOUBLE), FALSE);

-- audience quiet
CREATE OR REPLACE TEMPORARY TABLE "ROSTER_AUDIENCE_QUIET" AS
select e.id
from "ROSTER_STAGE_USERS" as "E"
left join "ROSTER_FEATURES_USER" as "F" on "F"."ID" = "E"."ID"
where (NOT COALESCE((
  select t4.value
  from "ROSTER_TRAIT_EVENTS_TOTAL" as "T4"
  where t4.id = e.id
) > CAST(1 AS DOUBLE), FALSE));

-- audience features_first
CREATE OR REPLACE TEMPORARY TABLE "ROSTER_AUDIENCE_FEATURES_FIRST" AS
select e.id
from "ROSTER_STAGE_USERS" as "E"
left join "ROSTER_FEATURES_USER" as "F" on "F"."ID" = "E"."ID"
where COALESCE((
  select t5.value
  from "ROSTER_TRAIT_MIN_EVENT_NAME" as "T5"
  where t5.id = e.id
) = 'Feature Used', FALSE);

-- audience not_features_first
CREATE OR REPLACE TEMPORARY TABLE "ROSTER_AUDIENCE_NOT_FEATURES_FIRST" AS
select e.id
from "ROSTER_STAGE_USERS" as "E"
left join "ROSTER_FEATURES_USER" as "F" on "F"."ID" = "E"."ID"
where (NOT COALESCE((
  select t6.value
  from "ROSTER_TRAIT_MIN_EVENT_NAME" as "T6"
  where t6.id = e.id
) = 'Feature Used', FALSE));

-- trait active_users_30d (account)
-- Distinct users of the account who logged in during the last 30 days.
select t.id, t.value
from "ROSTER_TRAIT_ACTIVE_USERS_30D" as "T"
where "T"."VALUE" is not null
  and "T"."ID" in (
  select "ID"
  from "ROSTER_STAGE_ACCOUNTS"
);

-- trait events_total (user)
select t.id, t.value
from "ROSTER_TRAIT_EVENTS_TOTAL" as "T"
where "T"."VALUE" is not null
  and "T"."ID" in (
  select "ID"
  from "ROSTER_STAGE_USERS"
);

-- trait min_event_name (user)
select t.id, t.value
from "ROSTER_TRAIT_MIN_EVENT_NAME" as "T"
where "T"."VALUE" is not null
  and "T"."ID" in (
  select "ID"
  from "ROSTER_STAGE_USERS"
);

-- audience team_active (account)
select id
from "ROSTER_AUDIENCE_TEAM_ACTIVE";

-- audience unknown_activity (account)
select id
from "ROSTER_AUDIENCE_UNKNOWN_ACTIVITY";

-- audience chatty (user)
select id
from "ROSTER_AUDIENCE_CHATTY";

-- audience quiet (user)
select id
from "ROSTER_AUDIENCE_QUIET";

-- audience features_first (user)
select id
from "ROSTER_AUDIENCE_FEATURES_FIRST";

-- audience not_features_first (user)
select id
from "ROSTER_AUDIENCE_NOT_FEATURES_FIRST";

drop table if exists "ROSTER_AUDIENCE_NOT_FEATURES_FIRST";

drop table if exists "ROSTER_AUDIENCE_FEATURES_FIRST";

drop table if exists "ROSTER_AUDIENCE_QUIET";

drop table if exists "ROSTER_AUDIENCE_CHATTY";

drop table if exists "ROSTER_AUDIENCE_UNKNOWN_ACTIVITY";

drop table if exists "ROSTER_AUDIENCE_TEAM_ACTIVE";

drop table if exists "ROSTER_TRAIT_MIN_EVENT_NAME";

drop table if exists "ROSTER_TRAIT_EVENTS_TOTAL";

drop table if exists "ROSTER_TRAIT_ACTIVE_USERS_30D";

drop table if exists "ROSTER_FEATURES_ACCOUNT";

drop table if exists "ROSTER_FEATURES_USER";

drop table if exists "ROSTER_STAGE_MEMBERSHIPS";

drop table if exists "ROSTER_STAGE_ACCOUNTS";

drop table if exists "ROSTER_STAGE_USERS";
