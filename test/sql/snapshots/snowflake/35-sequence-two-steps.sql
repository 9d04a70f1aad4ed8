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
  CAST(s."EVENT" AS VARCHAR) AS event
from "TRACKS" AS s
where CAST(s."USER_ID" AS VARCHAR) IS NOT NULL
  and CAST(s."TIMESTAMP" AS TIMESTAMP_TZ) <= TO_TIMESTAMP_TZ('2026-06-30 12:00:00.000+00:00', 'YYYY-MM-DD HH24:MI:SS.FF3TZH:TZM')
  and CAST(s."EVENT" AS VARCHAR) IN ('Invite Sent', 'Logged In');

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
      (e.event = 'Invite Sent') AS "C2"
    from "ROSTER_STAGE_TRACKS" as "E"
    where ((e.event = 'Logged In') OR (e.event = 'Invite Sent'))
  ) as "X"
) as "X"
where x."C2" AND x."P2" IS NOT NULL;

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
      (e.event = 'Invite Sent') AS "C1",
      (e.event = 'Logged In') AS "C2"
    from "ROSTER_STAGE_TRACKS" as "E"
    where ((e.event = 'Invite Sent') OR (e.event = 'Logged In'))
  ) as "X"
) as "X"
where x."C2" AND x."P2" IS NOT NULL;

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
      (e.event = 'Logged In') AS "C1",
      (e.event = 'Invite Sent') AS "C2"
    from "ROSTER_STAGE_TRACKS" as "E"
    where ((e.event = 'Logged In') OR (e.event = 'Invite Sent'))
  ) as "X"
) as "X"
where x."C2" AND x."P2" IS NOT NULL AND x.ts <= DATEADD(millisecond, 172800000, x."P2");

-- Sequence q4: the users with events in the order of its steps, in one ordered pass.
CREATE OR REPLACE TEMPORARY TABLE "ROSTER_SEQUENCE_Q4_USER" AS
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
      (e.event = 'Logged In') AS "C2"
    from "ROSTER_STAGE_TRACKS" as "E"
    where ((e.event = 'Logged In') OR (e.event = 'Logged In'))
  ) as "X"
) as "X"
where x."C2" AND x."P2" IS NOT NULL;

-- Every feature needed per user.
CREATE OR REPLACE TEMPORARY TABLE "ROSTER_FEATURES_USER" AS
select
  x.id,
  (r1.user_id IS NOT NULL) AS "Q1",
  (r2.user_id IS NOT NULL) AS "Q2",
  (r3.user_id IS NOT NULL) AS "Q3",
  (r4.user_id IS NOT NULL) AS "Q4"
from "ROSTER_STAGE_USERS" as "X"
left join "ROSTER_SEQUENCE_Q1_USER" as "R1" on r1.user_id = x.id
left join "ROSTER_SEQUENCE_Q2_USER" as "R2" on r2.user_id = x.id
left join "ROSTER_SEQUENCE_Q3_USER" as "R3" on r3.user_id = x.id
left join "ROSTER_SEQUENCE_Q4_USER" as "R4" on r4.user_id = x.id;

-- No event features per account.
CREATE OR REPLACE TEMPORARY TABLE "ROSTER_FEATURES_ACCOUNT" AS
select x.id
from "ROSTER_STAGE_ACCOUNTS" as "X";

-- audience login_then_invite
CREATE OR REPLACE TEMPORARY TABLE "ROSTER_AUDIENCE_LOGIN_THEN_INVITE" AS
select e.id
from "ROSTER_STAGE_USERS" as "E"
left join "ROSTER_FEATURES_USER" as "F" on "F"."ID" = "E"."ID"
where COALESCE(f."Q1", FALSE);

-- audience invite_then_login
CREATE OR REPLACE TEMPORARY TABLE "ROSTER_AUDIENCE_INVITE_THEN_LOGIN" AS
select e.id
from "ROSTER_STAGE_USERS" as "E"
left join "ROSTER_FEATURES_USER" as "F" on "F"."ID" = "E"."ID"
where COALESCE(f."Q2", FALSE);

-- audience invite_within_2d
CREATE OR REPLACE TEMPORARY TABLE "ROSTER_AUDIENCE_INVITE_WITHIN_2D" AS
select e.id
from "ROSTER_STAGE_USERS" as "E"
left join "ROSTER_FEATURES_USER" as "F" on "F"."ID" = "E"."ID"
where COALESCE(f."Q3", FALSE);

-- audience no_invite_within_2d
CREATE OR REPLACE TEMPORARY TABLE "ROSTER_AUDIENCE_NO_INVITE_WITHIN_2D" AS
select e.id
from "ROSTER_STAGE_USERS" as "E"
left join "ROSTER_FEATURES_USER" as "F" on "F"."ID" = "E"."ID"
where (NOT COALESCE(f."Q3", FALSE));

-- audience two_logins
CREATE OR REPLACE TEMPORARY TABLE "ROSTER_AUDIENCE_TWO_LOGINS" AS
select e.id
from "ROSTER_STAGE_USERS" as "E"
left join "ROSTER_FEATURES_USER" as "F" on "F"."ID" = "E"."ID"
where COALESCE(f."Q4", FALSE);

-- audience login_then_invite (user)
select id
from "ROSTER_AUDIENCE_LOGIN_THEN_INVITE";

-- audience invite_then_login (user)
select id
from "ROSTER_AUDIENCE_INVITE_THEN_LOGIN";

-- audience invite_within_2d (user)
select id
from "ROSTER_AUDIENCE_INVITE_WITHIN_2D";

-- audience no_invite_within_2d (user)
select id
from "ROSTER_AUDIENCE_NO_INVITE_WITHIN_2D";

-- audience two_logins (user)
select id
from "ROSTER_AUDIENCE_TWO_LOGINS";

drop table if exists "ROSTER_AUDIENCE_TWO_LOGINS";

drop table if exists "ROSTER_AUDIENCE_NO_INVITE_WITHIN_2D";

drop table if exists "ROSTER_AUDIENCE_INVITE_WITHIN_2D";

drop table if exists "ROSTER_AUDIENCE_INVITE_THEN_LOGIN";

drop table if exists "ROSTER_AUDIENCE_LOGIN_THEN_INVITE";

drop table if exists "ROSTER_FEATURES_ACCOUNT";

drop table if exists "ROSTER_FEATURES_USER";

drop table if exists "ROSTER_SEQUENCE_Q4_USER";

drop table if exists "ROSTER_SEQUENCE_Q3_USER";

drop table if exists "ROSTER_SEQUENCE_Q2_USER";

drop table if exists "ROSTER_SEQUENCE_Q1_USER";

drop table if exists "ROSTER_STAGE_TRACKS";

drop table if exists "ROSTER_STAGE_MEMBERSHIPS";

drop table if exists "ROSTER_STAGE_ACCOUNTS";

drop table if exists "ROSTER_STAGE_USERS";
