-- roster: snowflake script for now = 2026-06-30T12:00:00.000Z

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
  CASE WHEN CAST(s."EVENT" AS VARCHAR) IN ('Order Completed') THEN CASE WHEN IS_VARCHAR(GET(s."PROPERTIES", 'currency')) THEN CAST(GET(s."PROPERTIES", 'currency') AS VARCHAR) END END AS "P_CURRENCY",
  CASE WHEN CAST(s."EVENT" AS VARCHAR) IN ('Feature Used') THEN CASE WHEN IS_VARCHAR(GET(s."PROPERTIES", 'feature')) THEN CAST(GET(s."PROPERTIES", 'feature') AS VARCHAR) END END AS "P_FEATURE"
from "TRACKS" AS s
where CAST(s."USER_ID" AS VARCHAR) IS NOT NULL
  and CAST(s."TIMESTAMP" AS TIMESTAMP_TZ) <= TO_TIMESTAMP_TZ('2026-06-30 12:00:00.000+00:00', 'YYYY-MM-DD HH24:MI:SS.FF3TZH:TZM')
  and CAST(s."EVENT" AS VARCHAR) IN ('Feature Used', 'Invite Sent', 'Logged In', 'Order Completed');

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
      (e.event = 'Feature Used' AND COALESCE(e."P_FEATURE" = 'import', FALSE)) AS "C1",
      (e.event = 'Feature Used' AND COALESCE(e."P_FEATURE" = 'export', FALSE)) AS "C2"
    from "ROSTER_STAGE_TRACKS" as "E"
    where ((e.event = 'Feature Used' AND COALESCE(e."P_FEATURE" = 'import', FALSE)) OR (e.event = 'Feature Used' AND COALESCE(e."P_FEATURE" = 'export', FALSE)))
  ) as "X"
) as "X"
where x."C2" AND x."P2" IS NOT NULL AND x.ts <= DATEADD(millisecond, 3600000, x."P2");

-- Sequence q2: the users with events in the order of its steps, in one ordered pass.
CREATE OR REPLACE TEMPORARY TABLE "ROSTER_SEQUENCE_Q2_USER" AS
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
      (e.event = 'Logged In' AND e.ts > TO_TIMESTAMP_TZ('2026-06-23 12:00:00.000+00:00', 'YYYY-MM-DD HH24:MI:SS.FF3TZH:TZM') AND e.ts <= TO_TIMESTAMP_TZ('2026-06-30 12:00:00.000+00:00', 'YYYY-MM-DD HH24:MI:SS.FF3TZH:TZM')) AS "C1",
      (e.event = 'Order Completed' AND COALESCE(e."P_CURRENCY" = 'USD', FALSE)) AS "C2"
    from "ROSTER_STAGE_TRACKS" as "E"
    where ((e.event = 'Logged In' AND e.ts > TO_TIMESTAMP_TZ('2026-06-23 12:00:00.000+00:00', 'YYYY-MM-DD HH24:MI:SS.FF3TZH:TZM') AND e.ts <= TO_TIMESTAMP_TZ('2026-06-30 12:00:00.000+00:00', 'YYYY-MM-DD HH24:MI:SS.FF3TZH:TZM')) OR (e.event = 'Order Completed' AND COALESCE(e."P_CURRENCY" = 'USD', FALSE)))
      and e.ts >= TO_TIMESTAMP_TZ('2026-06-23 12:00:00.000+00:00', 'YYYY-MM-DD HH24:MI:SS.FF3TZH:TZM')
  ) as "X"
) as "X"
where x."C2" AND x."P2" IS NOT NULL AND x.ts <= DATEADD(millisecond, 86400000, x."P2");

-- Sequence q3: the users with events in the order of its steps, in one ordered pass.
CREATE OR REPLACE TEMPORARY TABLE "ROSTER_SEQUENCE_Q3_USER" AS
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
      (e.event = 'Logged In' AND e.ts >= TO_TIMESTAMP_TZ('2026-06-01 00:00:00.000+00:00', 'YYYY-MM-DD HH24:MI:SS.FF3TZH:TZM') AND e.ts < TO_TIMESTAMP_TZ('2026-06-02 00:00:00.000+00:00', 'YYYY-MM-DD HH24:MI:SS.FF3TZH:TZM')) AS "C1",
      (e.event = 'Order Completed') AS "C2"
    from "ROSTER_STAGE_TRACKS" as "E"
    where ((e.event = 'Logged In' AND e.ts >= TO_TIMESTAMP_TZ('2026-06-01 00:00:00.000+00:00', 'YYYY-MM-DD HH24:MI:SS.FF3TZH:TZM') AND e.ts < TO_TIMESTAMP_TZ('2026-06-02 00:00:00.000+00:00', 'YYYY-MM-DD HH24:MI:SS.FF3TZH:TZM')) OR (e.event = 'Order Completed'))
      and e.ts >= TO_TIMESTAMP_TZ('2026-06-01 00:00:00.000+00:00', 'YYYY-MM-DD HH24:MI:SS.FF3TZH:TZM')
  ) as "X"
) as "X"
where x."C2" AND x."P2" IS NOT NULL;

-- Sequence q4: the users with events in the order of its steps, in one ordered pass.
CREATE OR REPLACE TEMPORARY TABLE "ROSTER_SEQUENCE_Q4_USER" AS
select distinct x."USER_ID"
from (
  select
    x."USER_ID",
    x.ts,
    x."C3",
    max(CASE WHEN x."C2" AND x."P2" IS NOT NULL AND x.ts <= DATEADD(millisecond, 172800000, x."P2") THEN x.ts END) OVER (PARTITION BY x."USER_ID" ORDER BY x."O" ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS "P3"
  from (
    select
      x."USER_ID",
      x.ts,
      row_number() OVER (PARTITION BY x."USER_ID" ORDER BY x.ts, x."K", (x."MID") COLLATE 'utf8') AS "O",
      x."C2",
      x."C3",
      max(CASE WHEN x."C1" THEN x.ts END) OVER (PARTITION BY x."USER_ID" ORDER BY x.ts, x."K", (x."MID") COLLATE 'utf8' ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS "P2"
    from (
      select
        e.user_id AS "USER_ID",
        e.ts,
        CASE WHEN e.message_id IS NULL THEN 0 ELSE 1 END AS "K",
        e.message_id AS "MID",
        (e.event = 'Logged In') AS "C1",
        (e.event = 'Invite Sent') AS "C2",
        (e.event = 'Order Completed') AS "C3"
      from "ROSTER_STAGE_TRACKS" as "E"
      where ((e.event = 'Logged In') OR (e.event = 'Invite Sent') OR (e.event = 'Order Completed'))
    ) as "X"
  ) as "X"
  where ((x."C2" AND x."P2" IS NOT NULL AND x.ts <= DATEADD(millisecond, 172800000, x."P2")) OR x."C3")
) as "X"
where x."C3" AND x."P3" IS NOT NULL AND x.ts <= DATEADD(millisecond, 86400000, x."P3");

-- Sequence q5: the users with events in the order of its steps, in one ordered pass.
CREATE OR REPLACE TEMPORARY TABLE "ROSTER_SEQUENCE_Q5_USER" AS
select distinct x."USER_ID"
from (
  select
    x."USER_ID",
    x.ts,
    x."C3",
    max(CASE WHEN x."C2" AND x."P2" IS NOT NULL THEN x.ts END) OVER (PARTITION BY x."USER_ID" ORDER BY x."O" ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS "P3"
  from (
    select
      x."USER_ID",
      x.ts,
      row_number() OVER (PARTITION BY x."USER_ID" ORDER BY x.ts, x."K", (x."MID") COLLATE 'utf8') AS "O",
      x."C2",
      x."C3",
      max(CASE WHEN x."C1" THEN x.ts END) OVER (PARTITION BY x."USER_ID" ORDER BY x.ts, x."K", (x."MID") COLLATE 'utf8' ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS "P2"
    from (
      select
        e.user_id AS "USER_ID",
        e.ts,
        CASE WHEN e.message_id IS NULL THEN 0 ELSE 1 END AS "K",
        e.message_id AS "MID",
        (e.event = 'Logged In') AS "C1",
        (e.event = 'Invite Sent') AS "C2",
        (e.event = 'Order Completed') AS "C3"
      from "ROSTER_STAGE_TRACKS" as "E"
      where ((e.event = 'Logged In') OR (e.event = 'Invite Sent') OR (e.event = 'Order Completed'))
    ) as "X"
  ) as "X"
  where ((x."C2" AND x."P2" IS NOT NULL) OR x."C3")
) as "X"
where x."C3" AND x."P3" IS NOT NULL;

-- Every feature needed per user.
CREATE OR REPLACE TEMPORARY TABLE "ROSTER_FEATURES_USER" AS
select
  x.id,
  (r1.user_id IS NOT NULL) AS "Q1",
  (r2.user_id IS NOT NULL) AS "Q2",
  (r3.user_id IS NOT NULL) AS "Q3",
  (r4.user_id IS NOT NULL) AS "Q4",
  (r5.user_id IS NOT NULL) AS "Q5"
from "ROSTER_STAGE_USERS" as "X"
left join "ROSTER_SEQUENCE_Q1_USER" as "R1" on r1.user_id = x.id
left join "ROSTER_SEQUENCE_Q2_USER" as "R2" on r2.user_id = x.id
left join "ROSTER_SEQUENCE_Q3_USER" as "R3" on r3.user_id = x.id
left join "ROSTER_SEQUENCE_Q4_USER" as "R4" on r4.user_id = x.id
left join "ROSTER_SEQUENCE_Q5_USER" as "R5" on r5.user_id = x.id;

-- No event features per account.
CREATE OR REPLACE TEMPORARY TABLE "ROSTER_FEATURES_ACCOUNT" AS
select x.id
from "ROSTER_STAGE_ACCOUNTS" as "X";

-- audience import_then_export
CREATE OR REPLACE TEMPORARY TABLE "ROSTER_AUDIENCE_IMPORT_THEN_EXPORT" AS
select e.id
from "ROSTER_STAGE_USERS" as "E"
left join "ROSTER_FEATURES_USER" as "F" on "F"."ID" = "E"."ID"
where COALESCE(f."Q1", FALSE);

-- audience recent_login_then_usd
CREATE OR REPLACE TEMPORARY TABLE "ROSTER_AUDIENCE_RECENT_LOGIN_THEN_USD" AS
select e.id
from "ROSTER_STAGE_USERS" as "E"
left join "ROSTER_FEATURES_USER" as "F" on "F"."ID" = "E"."ID"
where COALESCE(f."Q2", FALSE);

-- audience early_june_login_then_order
CREATE OR REPLACE TEMPORARY TABLE "ROSTER_AUDIENCE_EARLY_JUNE_LOGIN_THEN_ORDER" AS
select e.id
from "ROSTER_STAGE_USERS" as "E"
left join "ROSTER_FEATURES_USER" as "F" on "F"."ID" = "E"."ID"
where COALESCE(f."Q3", FALSE);

-- audience funnel
CREATE OR REPLACE TEMPORARY TABLE "ROSTER_AUDIENCE_FUNNEL" AS
select e.id
from "ROSTER_STAGE_USERS" as "E"
left join "ROSTER_FEATURES_USER" as "F" on "F"."ID" = "E"."ID"
where COALESCE(f."Q4", FALSE);

-- audience funnel_anytime
CREATE OR REPLACE TEMPORARY TABLE "ROSTER_AUDIENCE_FUNNEL_ANYTIME" AS
select e.id
from "ROSTER_STAGE_USERS" as "E"
left join "ROSTER_FEATURES_USER" as "F" on "F"."ID" = "E"."ID"
where COALESCE(f."Q5", FALSE);

-- audience import_then_export (user)
select id
from "ROSTER_AUDIENCE_IMPORT_THEN_EXPORT";

-- audience recent_login_then_usd (user)
select id
from "ROSTER_AUDIENCE_RECENT_LOGIN_THEN_USD";

-- audience early_june_login_then_order (user)
select id
from "ROSTER_AUDIENCE_EARLY_JUNE_LOGIN_THEN_ORDER";

-- audience funnel (user)
select id
from "ROSTER_AUDIENCE_FUNNEL";

-- audience funnel_anytime (user)
select id
from "ROSTER_AUDIENCE_FUNNEL_ANYTIME";

drop table if exists "ROSTER_AUDIENCE_FUNNEL_ANYTIME";

drop table if exists "ROSTER_AUDIENCE_FUNNEL";

drop table if exists "ROSTER_AUDIENCE_EARLY_JUNE_LOGIN_THEN_ORDER";

drop table if exists "ROSTER_AUDIENCE_RECENT_LOGIN_THEN_USD";

drop table if exists "ROSTER_AUDIENCE_IMPORT_THEN_EXPORT";

drop table if exists "ROSTER_FEATURES_ACCOUNT";

drop table if exists "ROSTER_FEATURES_USER";

drop table if exists "ROSTER_SEQUENCE_Q5_USER";

drop table if exists "ROSTER_SEQUENCE_Q4_USER";

drop table if exists "ROSTER_SEQUENCE_Q3_USER";

drop table if exists "ROSTER_SEQUENCE_Q2_USER";

drop table if exists "ROSTER_SEQUENCE_Q1_USER";

drop table if exists "ROSTER_STAGE_TRACKS";

drop table if exists "ROSTER_STAGE_MEMBERSHIPS";

drop table if exists "ROSTER_STAGE_ACCOUNTS";

drop table if exists "ROSTER_STAGE_USERS";
