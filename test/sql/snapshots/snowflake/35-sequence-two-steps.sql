-- roster: snowflake script for now = 2026-06-30T12:00:00.000Z

-- Every user (distinct non-null ids) with the custom traits the project reads.
CREATE OR REPLACE TEMPORARY TABLE "ROSTER_STAGE_USERS" AS
SELECT d.id
FROM (
  SELECT
    CAST(s."ID" AS VARCHAR) AS id,
    row_number() OVER (PARTITION BY CAST(s."ID" AS VARCHAR) ORDER BY CAST(s."ID" AS VARCHAR)) AS roster_row
  FROM "USERS" AS s
  WHERE CAST(s."ID" AS VARCHAR) IS NOT NULL
) AS d
WHERE d.roster_row = 1;

-- Every account (distinct non-null ids) with the custom traits the project reads.
CREATE OR REPLACE TEMPORARY TABLE "ROSTER_STAGE_ACCOUNTS" AS
SELECT d.id
FROM (
  SELECT
    CAST(s."ID" AS VARCHAR) AS id,
    row_number() OVER (PARTITION BY CAST(s."ID" AS VARCHAR) ORDER BY CAST(s."ID" AS VARCHAR)) AS roster_row
  FROM "ACCOUNTS" AS s
  WHERE CAST(s."ID" AS VARCHAR) IS NOT NULL
) AS d
WHERE d.roster_row = 1;

-- Distinct (user, account) pairs whose user and account both exist.
CREATE OR REPLACE TEMPORARY TABLE "ROSTER_STAGE_MEMBERSHIPS" AS
SELECT DISTINCT CAST(s."USER_ID" AS VARCHAR) AS user_id, CAST(s."ACCOUNT_ID" AS VARCHAR) AS account_id
FROM "MEMBERSHIPS" AS s
WHERE CAST(s."USER_ID" AS VARCHAR) IN (SELECT id FROM "ROSTER_STAGE_USERS")
  AND CAST(s."ACCOUNT_ID" AS VARCHAR) IN (SELECT id FROM "ROSTER_STAGE_ACCOUNTS");

-- The one scan of tracks: events up to now, only what the project reads.
CREATE OR REPLACE TEMPORARY TABLE "ROSTER_STAGE_TRACKS" AS
SELECT
  CAST(s."USER_ID" AS VARCHAR) AS user_id,
  CAST(s."TIMESTAMP" AS TIMESTAMP_TZ) AS ts,
  CAST(s."MESSAGE_ID" AS VARCHAR) AS message_id,
  CAST(s."EVENT" AS VARCHAR) AS event
FROM "TRACKS" AS s
WHERE CAST(s."USER_ID" AS VARCHAR) IS NOT NULL
  AND CAST(s."TIMESTAMP" AS TIMESTAMP_TZ) <= TO_TIMESTAMP_TZ('2026-06-30 12:00:00.000+00:00', 'YYYY-MM-DD HH24:MI:SS.FF3TZH:TZM')
  AND CAST(s."EVENT" AS VARCHAR) IN ('Invite Sent', 'Logged In');

-- Sequence q1: the users with events in the order of its steps, in one ordered pass.
CREATE OR REPLACE TEMPORARY TABLE "ROSTER_SEQUENCE_Q1_USER" AS
SELECT DISTINCT x."USER_ID"
FROM (
  SELECT x.*, max(CASE WHEN x."C1" THEN x.ts END) OVER (
    PARTITION BY x."USER_ID" ORDER BY x.ts, x."K", (x."MID") COLLATE 'utf8'
    ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS "P2"
  FROM (
    SELECT
      e.user_id AS "USER_ID",
      e.ts,
      CASE WHEN e.message_id IS NULL THEN 0 ELSE 1 END AS "K",
      e.message_id AS "MID",
      (e.event = 'Logged In') AS "C1",
      (e.event = 'Invite Sent') AS "C2"
    FROM "ROSTER_STAGE_TRACKS" AS e
    WHERE (e.event = 'Logged In') OR (e.event = 'Invite Sent')
  ) AS x
) AS x
WHERE x."C2" AND x."P2" IS NOT NULL;

-- Sequence q2: the users with events in the order of its steps, in one ordered pass.
CREATE OR REPLACE TEMPORARY TABLE "ROSTER_SEQUENCE_Q2_USER" AS
SELECT DISTINCT x."USER_ID"
FROM (
  SELECT x.*, max(CASE WHEN x."C1" THEN x.ts END) OVER (
    PARTITION BY x."USER_ID" ORDER BY x.ts, x."K", (x."MID") COLLATE 'utf8'
    ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS "P2"
  FROM (
    SELECT
      e.user_id AS "USER_ID",
      e.ts,
      CASE WHEN e.message_id IS NULL THEN 0 ELSE 1 END AS "K",
      e.message_id AS "MID",
      (e.event = 'Invite Sent') AS "C1",
      (e.event = 'Logged In') AS "C2"
    FROM "ROSTER_STAGE_TRACKS" AS e
    WHERE (e.event = 'Invite Sent') OR (e.event = 'Logged In')
  ) AS x
) AS x
WHERE x."C2" AND x."P2" IS NOT NULL;

-- Sequence q3: the users with events in the order of its steps, in one ordered pass.
CREATE OR REPLACE TEMPORARY TABLE "ROSTER_SEQUENCE_Q3_USER" AS
SELECT DISTINCT x."USER_ID"
FROM (
  SELECT x.*, max(CASE WHEN x."C1" THEN x.ts END) OVER (
    PARTITION BY x."USER_ID" ORDER BY x.ts, x."K", (x."MID") COLLATE 'utf8'
    ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS "P2"
  FROM (
    SELECT
      e.user_id AS "USER_ID",
      e.ts,
      CASE WHEN e.message_id IS NULL THEN 0 ELSE 1 END AS "K",
      e.message_id AS "MID",
      (e.event = 'Logged In') AS "C1",
      (e.event = 'Invite Sent') AS "C2"
    FROM "ROSTER_STAGE_TRACKS" AS e
    WHERE (e.event = 'Logged In') OR (e.event = 'Invite Sent')
  ) AS x
) AS x
WHERE x."C2" AND x."P2" IS NOT NULL AND x.ts <= DATEADD(millisecond, 172800000, x."P2");

-- Sequence q4: the users with events in the order of its steps, in one ordered pass.
CREATE OR REPLACE TEMPORARY TABLE "ROSTER_SEQUENCE_Q4_USER" AS
SELECT DISTINCT x."USER_ID"
FROM (
  SELECT x.*, max(CASE WHEN x."C1" THEN x.ts END) OVER (
    PARTITION BY x."USER_ID" ORDER BY x.ts, x."K", (x."MID") COLLATE 'utf8'
    ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS "P2"
  FROM (
    SELECT
      e.user_id AS "USER_ID",
      e.ts,
      CASE WHEN e.message_id IS NULL THEN 0 ELSE 1 END AS "K",
      e.message_id AS "MID",
      (e.event = 'Logged In') AS "C1",
      (e.event = 'Logged In') AS "C2"
    FROM "ROSTER_STAGE_TRACKS" AS e
    WHERE (e.event = 'Logged In') OR (e.event = 'Logged In')
  ) AS x
) AS x
WHERE x."C2" AND x."P2" IS NOT NULL;

-- Every feature needed per user.
CREATE OR REPLACE TEMPORARY TABLE "ROSTER_FEATURES_USER" AS
SELECT
  x.id,
  (r1.user_id IS NOT NULL) AS "Q1",
  (r2.user_id IS NOT NULL) AS "Q2",
  (r3.user_id IS NOT NULL) AS "Q3",
  (r4.user_id IS NOT NULL) AS "Q4"
FROM "ROSTER_STAGE_USERS" AS x
LEFT JOIN "ROSTER_SEQUENCE_Q1_USER" AS r1
  ON r1.user_id = x.id
LEFT JOIN "ROSTER_SEQUENCE_Q2_USER" AS r2
  ON r2.user_id = x.id
LEFT JOIN "ROSTER_SEQUENCE_Q3_USER" AS r3
  ON r3.user_id = x.id
LEFT JOIN "ROSTER_SEQUENCE_Q4_USER" AS r4
  ON r4.user_id = x.id;

-- No event features per account.
CREATE OR REPLACE TEMPORARY TABLE "ROSTER_FEATURES_ACCOUNT" AS
SELECT x.id FROM "ROSTER_STAGE_ACCOUNTS" AS x;

-- audience login_then_invite
CREATE OR REPLACE TEMPORARY TABLE "ROSTER_AUDIENCE_LOGIN_THEN_INVITE" AS
select e.id from "ROSTER_STAGE_USERS" as "E" left join "ROSTER_FEATURES_USER" as "F" on "F"."ID" = "E"."ID" where COALESCE(f."Q1", FALSE);

-- audience invite_then_login
CREATE OR REPLACE TEMPORARY TABLE "ROSTER_AUDIENCE_INVITE_THEN_LOGIN" AS
select e.id from "ROSTER_STAGE_USERS" as "E" left join "ROSTER_FEATURES_USER" as "F" on "F"."ID" = "E"."ID" where COALESCE(f."Q2", FALSE);

-- audience invite_within_2d
CREATE OR REPLACE TEMPORARY TABLE "ROSTER_AUDIENCE_INVITE_WITHIN_2D" AS
select e.id from "ROSTER_STAGE_USERS" as "E" left join "ROSTER_FEATURES_USER" as "F" on "F"."ID" = "E"."ID" where COALESCE(f."Q3", FALSE);

-- audience no_invite_within_2d
CREATE OR REPLACE TEMPORARY TABLE "ROSTER_AUDIENCE_NO_INVITE_WITHIN_2D" AS
select e.id from "ROSTER_STAGE_USERS" as "E" left join "ROSTER_FEATURES_USER" as "F" on "F"."ID" = "E"."ID" where (NOT COALESCE(f."Q3", FALSE));

-- audience two_logins
CREATE OR REPLACE TEMPORARY TABLE "ROSTER_AUDIENCE_TWO_LOGINS" AS
select e.id from "ROSTER_STAGE_USERS" as "E" left join "ROSTER_FEATURES_USER" as "F" on "F"."ID" = "E"."ID" where COALESCE(f."Q4", FALSE);

-- audience login_then_invite (user)
select id from "ROSTER_AUDIENCE_LOGIN_THEN_INVITE";

-- audience invite_then_login (user)
select id from "ROSTER_AUDIENCE_INVITE_THEN_LOGIN";

-- audience invite_within_2d (user)
select id from "ROSTER_AUDIENCE_INVITE_WITHIN_2D";

-- audience no_invite_within_2d (user)
select id from "ROSTER_AUDIENCE_NO_INVITE_WITHIN_2D";

-- audience two_logins (user)
select id from "ROSTER_AUDIENCE_TWO_LOGINS";

DROP TABLE IF EXISTS "ROSTER_AUDIENCE_TWO_LOGINS";

DROP TABLE IF EXISTS "ROSTER_AUDIENCE_NO_INVITE_WITHIN_2D";

DROP TABLE IF EXISTS "ROSTER_AUDIENCE_INVITE_WITHIN_2D";

DROP TABLE IF EXISTS "ROSTER_AUDIENCE_INVITE_THEN_LOGIN";

DROP TABLE IF EXISTS "ROSTER_AUDIENCE_LOGIN_THEN_INVITE";

DROP TABLE IF EXISTS "ROSTER_FEATURES_ACCOUNT";

DROP TABLE IF EXISTS "ROSTER_FEATURES_USER";

DROP TABLE IF EXISTS "ROSTER_SEQUENCE_Q4_USER";

DROP TABLE IF EXISTS "ROSTER_SEQUENCE_Q3_USER";

DROP TABLE IF EXISTS "ROSTER_SEQUENCE_Q2_USER";

DROP TABLE IF EXISTS "ROSTER_SEQUENCE_Q1_USER";

DROP TABLE IF EXISTS "ROSTER_STAGE_TRACKS";

DROP TABLE IF EXISTS "ROSTER_STAGE_MEMBERSHIPS";

DROP TABLE IF EXISTS "ROSTER_STAGE_ACCOUNTS";

DROP TABLE IF EXISTS "ROSTER_STAGE_USERS";
