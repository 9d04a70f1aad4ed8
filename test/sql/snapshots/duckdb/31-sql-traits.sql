-- roster: duckdb script for now = 2026-06-30T00:00:00.000Z

-- Every user (distinct non-null ids) with the custom traits the project reads.
CREATE OR REPLACE TEMPORARY TABLE "roster_stage_users" AS
select distinct on (CAST(s."id" AS VARCHAR)) CAST(s."id" AS VARCHAR) AS id
from "users" AS s
where CAST(s."id" AS VARCHAR) IS NOT NULL;

-- Every account (distinct non-null ids) with the custom traits the project reads.
CREATE OR REPLACE TEMPORARY TABLE "roster_stage_accounts" AS
select distinct on (CAST(s."id" AS VARCHAR)) CAST(s."id" AS VARCHAR) AS id
from "accounts" AS s
where CAST(s."id" AS VARCHAR) IS NOT NULL;

-- Distinct (user, account) pairs whose user and account both exist.
CREATE OR REPLACE TEMPORARY TABLE "roster_stage_memberships" AS
select distinct
  CAST(s."user_id" AS VARCHAR) AS user_id,
  CAST(s."account_id" AS VARCHAR) AS account_id
from "memberships" AS s
where CAST(s."user_id" AS VARCHAR) in (
  select id
  from "roster_stage_users"
)
  and CAST(s."account_id" AS VARCHAR) in (
  select id
  from "roster_stage_accounts"
);

-- No event features per user.
CREATE OR REPLACE TEMPORARY TABLE "roster_features_user" AS
select x.id
from "roster_stage_users" as "x";

-- No event features per account.
CREATE OR REPLACE TEMPORARY TABLE "roster_features_account" AS
select x.id
from "roster_stage_accounts" as "x";

-- SQL trait active_users_30d
-- Distinct users of the account who logged in during the last 30 days.
CREATE OR REPLACE TEMPORARY TABLE "roster_trait_active_users_30d" AS
select CAST(NULL AS VARCHAR) AS id, CAST(NULL AS DOUBLE) AS value
from (
  select 1 AS x
) as "e"
where 1 = 0;

insert into "roster_trait_active_users_30d" (id, value) select
  CAST(q.id AS VARCHAR) AS id,
  CAST(q.value AS DOUBLE) AS value
from (

    select m.account_id as id, count(distinct e.user_id) as value
    from (select
  CAST(s."user_id" AS VARCHAR) AS "user_id",
  CAST(s."account_id" AS VARCHAR) AS "account_id"
from "memberships" AS s) m join (select
  CAST(s."message_id" AS VARCHAR) AS "message_id",
  CAST(s."user_id" AS VARCHAR) AS "user_id",
  CAST(s."event" AS VARCHAR) AS "event",
  CAST(s."timestamp" AS TIMESTAMPTZ) AS "timestamp",
  CAST(s."group_id" AS VARCHAR) AS "group_id",
  CAST(s."properties" AS JSON) AS "properties"
from "tracks" AS s) e on e.user_id = m.user_id
    where e.event = 'Logged In'
      and e.timestamp > CAST('2026-06-30T00:00:00.000Z' AS TIMESTAMPTZ) - interval '30 days'
      and e.timestamp <= CAST('2026-06-30T00:00:00.000Z' AS TIMESTAMPTZ)
    group by 1
) AS q;

-- SQL trait events_total
CREATE OR REPLACE TEMPORARY TABLE "roster_trait_events_total" AS
select CAST(NULL AS VARCHAR) AS id, CAST(NULL AS DOUBLE) AS value
from (
  select 1 AS x
) as "e"
where 1 = 0;

insert into "roster_trait_events_total" (id, value) select
  CAST(q.id AS VARCHAR) AS id,
  CAST(q.value AS DOUBLE) AS value
from (

    select e.user_id as id, count(*) as value
    from (select
  CAST(s."message_id" AS VARCHAR) AS "message_id",
  CAST(s."user_id" AS VARCHAR) AS "user_id",
  CAST(s."event" AS VARCHAR) AS "event",
  CAST(s."timestamp" AS TIMESTAMPTZ) AS "timestamp",
  CAST(s."group_id" AS VARCHAR) AS "group_id",
  CAST(s."properties" AS JSON) AS "properties"
from "tracks" AS s) e
    where e.timestamp <= CAST('2026-06-30T00:00:00.000Z' AS TIMESTAMPTZ)
    group by 1
) AS q;

-- SQL trait min_event_name
CREATE OR REPLACE TEMPORARY TABLE "roster_trait_min_event_name" AS
select CAST(NULL AS VARCHAR) AS id, CAST(NULL AS VARCHAR) AS value
from (
  select 1 AS x
) as "e"
where 1 = 0;

insert into "roster_trait_min_event_name" (id, value) select
  CAST(q.id AS VARCHAR) AS id,
  CAST(q.value AS VARCHAR) AS value
from (

    select e.user_id as id, min(e.event) as value
    from (select
  CAST(s."message_id" AS VARCHAR) AS "message_id",
  CAST(s."user_id" AS VARCHAR) AS "user_id",
  CAST(s."event" AS VARCHAR) AS "event",
  CAST(s."timestamp" AS TIMESTAMPTZ) AS "timestamp",
  CAST(s."group_id" AS VARCHAR) AS "group_id",
  CAST(s."properties" AS JSON) AS "properties"
from "tracks" AS s) e
    where e.timestamp <= CAST('2026-06-30T00:00:00.000Z' AS TIMESTAMPTZ)
    group by e.user_id
) AS q;

-- audience team_active
CREATE OR REPLACE TEMPORARY TABLE "roster_audience_team_active" AS
select e.id
from "roster_stage_accounts" as "e"
left join "roster_features_account" as "f" on "f"."id" = "e"."id"
where COALESCE((
  select t1.value
  from "roster_trait_active_users_30d" as "t1"
  where t1.id = e.id
) >= CAST(2 AS DOUBLE), FALSE);

-- audience unknown_activity
CREATE OR REPLACE TEMPORARY TABLE "roster_audience_unknown_activity" AS
select e.id
from "roster_stage_accounts" as "e"
left join "roster_features_account" as "f" on "f"."id" = "e"."id"
where (NOT COALESCE((
  select t2.value
  from "roster_trait_active_users_30d" as "t2"
  where t2.id = e.id
) IS NOT NULL, FALSE));

-- audience chatty
CREATE OR REPLACE TEMPORARY TABLE "roster_audience_chatty" AS
select e.id
from "roster_stage_users" as "e"
left join "roster_features_user" as "f" on "f"."id" = "e"."id"
where COALESCE((
  select t3.value
  from "roster_trait_events_total" as "t3"
  where t3.id = e.id
) > CAST(1 AS DOUBLE), FALSE);

-- audience quiet
CREATE OR REPLACE TEMPORARY TABLE "roster_audience_quiet" AS
select e.id
from "roster_stage_users" as "e"
left join "roster_features_user" as "f" on "f"."id" = "e"."id"
where (NOT COALESCE((
  select t4.value
  from "roster_trait_events_total" as "t4"
  where t4.id = e.id
) > CAST(1 AS DOUBLE), FALSE));

-- audience features_first
CREATE OR REPLACE TEMPORARY TABLE "roster_audience_features_first" AS
select e.id
from "roster_stage_users" as "e"
left join "roster_features_user" as "f" on "f"."id" = "e"."id"
where COALESCE((
  select t5.value
  from "roster_trait_min_event_name" as "t5"
  where t5.id = e.id
) = 'Feature Used', FALSE);

-- audience not_features_first
CREATE OR REPLACE TEMPORARY TABLE "roster_audience_not_features_first" AS
select e.id
from "roster_stage_users" as "e"
left join "roster_features_user" as "f" on "f"."id" = "e"."id"
where (NOT COALESCE((
  select t6.value
  from "roster_trait_min_event_name" as "t6"
  where t6.id = e.id
) = 'Feature Used', FALSE));

-- trait active_users_30d (account)
-- Distinct users of the account who logged in during the last 30 days.
select t.id, t.value
from "roster_trait_active_users_30d" as "t"
where "t"."value" is not null
  and "t"."id" in (
  select "id"
  from "roster_stage_accounts"
);

-- trait events_total (user)
select t.id, t.value
from "roster_trait_events_total" as "t"
where "t"."value" is not null
  and "t"."id" in (
  select "id"
  from "roster_stage_users"
);

-- trait min_event_name (user)
select t.id, t.value
from "roster_trait_min_event_name" as "t"
where "t"."value" is not null
  and "t"."id" in (
  select "id"
  from "roster_stage_users"
);

-- audience team_active (account)
select id
from "roster_audience_team_active";

-- audience unknown_activity (account)
select id
from "roster_audience_unknown_activity";

-- audience chatty (user)
select id
from "roster_audience_chatty";

-- audience quiet (user)
select id
from "roster_audience_quiet";

-- audience features_first (user)
select id
from "roster_audience_features_first";

-- audience not_features_first (user)
select id
from "roster_audience_not_features_first";

drop table if exists "roster_audience_not_features_first";

drop table if exists "roster_audience_features_first";

drop table if exists "roster_audience_quiet";

drop table if exists "roster_audience_chatty";

drop table if exists "roster_audience_unknown_activity";

drop table if exists "roster_audience_team_active";

drop table if exists "roster_trait_min_event_name";

drop table if exists "roster_trait_events_total";

drop table if exists "roster_trait_active_users_30d";

drop table if exists "roster_features_account";

drop table if exists "roster_features_user";

drop table if exists "roster_stage_memberships";

drop table if exists "roster_stage_accounts";

drop table if exists "roster_stage_users";
