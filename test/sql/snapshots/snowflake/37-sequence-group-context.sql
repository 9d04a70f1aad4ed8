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
  CAST(s."GROUP_ID" AS VARCHAR) AS group_id,
  CAST(s."EVENT" AS VARCHAR) AS event
from "TRACKS" AS s
where CAST(s."USER_ID" AS VARCHAR) IS NOT NULL
  and CAST(s."TIMESTAMP" AS TIMESTAMP_TZ) <= TO_TIMESTAMP_TZ('2026-06-30 00:00:00.000+00:00', 'YYYY-MM-DD HH24:MI:SS.FF3TZH:TZM')
  and CAST(s."EVENT" AS VARCHAR) IN ('Logged In', 'Order Completed');

-- Sequence q1: the users with events in the order of its steps, in one ordered pass.
CREATE OR REPLACE TEMPORARY TABLE "ROSTER_SEQUENCE_Q1_USER" AS
select distinct x."USER_ID"
from (
  select
    x."USER_ID",
    x.ts,
    x."C2",
    max(CASE WHEN x."C1" THEN x.ts END) OVER (PARTITION BY x."USER_ID" ORDER BY x.ts, x."K", (x."MID") COLLATE 'utf8' ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS "P2"
  from (
    select
      e.user_id AS "USER_ID",
      e.ts,
      CASE WHEN e.message_id IS NULL THEN 0 ELSE 1 END AS "K",
      e.message_id AS "MID",
      (e.event = 'Logged In') AS "C1",
      (e.event = 'Order Completed') AS "C2"
    from "ROSTER_STAGE_TRACKS" as "E"
    where ((e.event = 'Logged In') OR (e.event = 'Order Completed'))
  ) as "X"
) as "X"
where x."C2" AND x."P2" IS NOT NULL AND x.ts <= DATEADD(millisecond, 604800000, x."P2");

-- Sequence q1: the (user, account) pairs with events in the order of its steps, in one ordered pass.
CREATE OR REPLACE TEMPORARY TABLE "ROSTER_SEQUENCE_Q1_USER_ACCOUNT" AS
select distinct x."USER_ID", x."ACCOUNT_ID"
from (
  select
    x."USER_ID",
    x."ACCOUNT_ID",
    x.ts,
    x."C2",
    max(CASE WHEN x."C1" THEN x.ts END) OVER (PARTITION BY x."USER_ID", x."ACCOUNT_ID" ORDER BY x.ts, x."K", (x."MID") COLLATE 'utf8' ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS "P2"
  from (
    select
      e.user_id AS "USER_ID",
      m.account_id AS "ACCOUNT_ID",
      e.ts,
      CASE WHEN e.message_id IS NULL THEN 0 ELSE 1 END AS "K",
      e.message_id AS "MID",
      (e.event = 'Logged In') AS "C1",
      (e.event = 'Order Completed') AS "C2"
    from "ROSTER_STAGE_TRACKS" as "E"
    inner join "ROSTER_STAGE_MEMBERSHIPS" as "M" on m.user_id = e.user_id AND (e.group_id IS NULL OR e.group_id = m.account_id)
    where ((e.event = 'Logged In') OR (e.event = 'Order Completed'))
  ) as "X"
) as "X"
where x."C2" AND x."P2" IS NOT NULL AND x.ts <= DATEADD(millisecond, 604800000, x."P2");

-- Sequence q2: the (user, account) pairs with events in the order of its steps, in one ordered pass.
CREATE OR REPLACE TEMPORARY TABLE "ROSTER_SEQUENCE_Q2_USER_ACCOUNT" AS
select distinct x."USER_ID", x."ACCOUNT_ID"
from (
  select
    x."USER_ID",
    x."ACCOUNT_ID",
    x.ts,
    x."C2",
    max(CASE WHEN x."C1" THEN x.ts END) OVER (PARTITION BY x."USER_ID", x."ACCOUNT_ID" ORDER BY x.ts, x."K", (x."MID") COLLATE 'utf8' ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS "P2"
  from (
    select
      e.user_id AS "USER_ID",
      m.account_id AS "ACCOUNT_ID",
      e.ts,
      CASE WHEN e.message_id IS NULL THEN 0 ELSE 1 END AS "K",
      e.message_id AS "MID",
      (e.event = 'Logged In') AS "C1",
      (e.event = 'Order Completed') AS "C2"
    from "ROSTER_STAGE_TRACKS" as "E"
    inner join "ROSTER_STAGE_MEMBERSHIPS" as "M" on m.user_id = e.user_id AND (e.group_id IS NULL OR e.group_id = m.account_id)
    where ((e.event = 'Logged In') OR (e.event = 'Order Completed'))
  ) as "X"
) as "X"
where x."C2" AND x."P2" IS NOT NULL;

-- Every feature needed per user.
CREATE OR REPLACE TEMPORARY TABLE "ROSTER_FEATURES_USER" AS
select x.id, (r1.user_id IS NOT NULL) AS "Q1"
from "ROSTER_STAGE_USERS" as "X"
left join "ROSTER_SEQUENCE_Q1_USER" as "R1" on r1.user_id = x.id;

-- Every feature needed per (user, account).
CREATE OR REPLACE TEMPORARY TABLE "ROSTER_FEATURES_USER_ACCOUNT" AS
select
  x.user_id,
  x.account_id,
  (r1.user_id IS NOT NULL) AS "Q1",
  (r2.user_id IS NOT NULL) AS "Q2"
from "ROSTER_STAGE_MEMBERSHIPS" as "X"
left join "ROSTER_SEQUENCE_Q1_USER_ACCOUNT" as "R1" on r1.user_id = x.user_id AND r1.account_id = x.account_id
left join "ROSTER_SEQUENCE_Q2_USER_ACCOUNT" as "R2" on r2.user_id = x.user_id AND r2.account_id = x.account_id;

-- No event features per account.
CREATE OR REPLACE TEMPORARY TABLE "ROSTER_FEATURES_ACCOUNT" AS
select x.id
from "ROSTER_STAGE_ACCOUNTS" as "X";

-- Per account: its users, and how many of them satisfy each quantifier body, in one pass.
CREATE OR REPLACE TEMPORARY TABLE "ROSTER_QUANTIFIED_ACCOUNT" AS
select
  m.account_id AS id,
  count(*) AS n,
  count(CASE WHEN COALESCE(fp."Q1", FALSE) THEN 1 END) AS "Q1",
  count(CASE WHEN COALESCE(fp."Q2", FALSE) THEN 1 END) AS "Q2"
from "ROSTER_STAGE_MEMBERSHIPS" as "M"
inner join "ROSTER_STAGE_USERS" as "U" on u.id = m.user_id
left join "ROSTER_FEATURES_USER" as "FU" on fu.id = u.id
left join "ROSTER_FEATURES_USER_ACCOUNT" as "FP" on fp.user_id = m.user_id AND fp.account_id = m.account_id
group by m.account_id;

-- audience trial_funnel
CREATE OR REPLACE TEMPORARY TABLE "ROSTER_AUDIENCE_TRIAL_FUNNEL" AS
select e.id
from "ROSTER_STAGE_ACCOUNTS" as "E"
left join "ROSTER_FEATURES_ACCOUNT" as "F" on "F"."ID" = "E"."ID"
left join "ROSTER_QUANTIFIED_ACCOUNT" as "G" on "G"."ID" = "E"."ID"
where (COALESCE(g."Q1", CAST(0 AS DOUBLE)) > CAST(0 AS DOUBLE));

-- audience user_funnel
CREATE OR REPLACE TEMPORARY TABLE "ROSTER_AUDIENCE_USER_FUNNEL" AS
select e.id
from "ROSTER_STAGE_USERS" as "E"
left join "ROSTER_FEATURES_USER" as "F" on "F"."ID" = "E"."ID"
where COALESCE(f."Q1", FALSE);

-- audience all_converted
CREATE OR REPLACE TEMPORARY TABLE "ROSTER_AUDIENCE_ALL_CONVERTED" AS
select e.id
from "ROSTER_STAGE_ACCOUNTS" as "E"
left join "ROSTER_FEATURES_ACCOUNT" as "F" on "F"."ID" = "E"."ID"
left join "ROSTER_QUANTIFIED_ACCOUNT" as "G" on "G"."ID" = "E"."ID"
where (COALESCE(g.n, CAST(0 AS DOUBLE)) > CAST(0 AS DOUBLE) AND COALESCE(g."Q2", CAST(0 AS DOUBLE)) = COALESCE(g.n, CAST(0 AS DOUBLE)));

-- audience trial_funnel (account)
select id
from "ROSTER_AUDIENCE_TRIAL_FUNNEL";

-- audience user_funnel (user)
select id
from "ROSTER_AUDIENCE_USER_FUNNEL";

-- audience all_converted (account)
select id
from "ROSTER_AUDIENCE_ALL_CONVERTED";

drop table if exists "ROSTER_AUDIENCE_ALL_CONVERTED";

drop table if exists "ROSTER_AUDIENCE_USER_FUNNEL";

drop table if exists "ROSTER_AUDIENCE_TRIAL_FUNNEL";

drop table if exists "ROSTER_QUANTIFIED_ACCOUNT";

drop table if exists "ROSTER_FEATURES_ACCOUNT";

drop table if exists "ROSTER_FEATURES_USER_ACCOUNT";

drop table if exists "ROSTER_FEATURES_USER";

drop table if exists "ROSTER_SEQUENCE_Q2_USER_ACCOUNT";

drop table if exists "ROSTER_SEQUENCE_Q1_USER_ACCOUNT";

drop table if exists "ROSTER_SEQUENCE_Q1_USER";

drop table if exists "ROSTER_STAGE_TRACKS";

drop table if exists "ROSTER_STAGE_MEMBERSHIPS";

drop table if exists "ROSTER_STAGE_ACCOUNTS";

drop table if exists "ROSTER_STAGE_USERS";
