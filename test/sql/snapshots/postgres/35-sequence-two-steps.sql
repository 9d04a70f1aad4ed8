-- roster: postgres script for now = 2026-06-30T12:00:00.000Z

-- Every user (distinct non-null ids) with the custom traits the project reads.
CREATE TEMPORARY TABLE "roster_stage_users" AS
select distinct on (CAST(s."id" AS text)) CAST(s."id" AS text) AS id
from "users" AS s
where CAST(s."id" AS text) IS NOT NULL;

-- Every account (distinct non-null ids) with the custom traits the project reads.
CREATE TEMPORARY TABLE "roster_stage_accounts" AS
select distinct on (CAST(s."id" AS text)) CAST(s."id" AS text) AS id
from "accounts" AS s
where CAST(s."id" AS text) IS NOT NULL;

-- Distinct (user, account) pairs whose user and account both exist.
CREATE TEMPORARY TABLE "roster_stage_memberships" AS
select distinct
  CAST(s."user_id" AS text) AS user_id,
  CAST(s."account_id" AS text) AS account_id
from "memberships" AS s
where CAST(s."user_id" AS text) in (
  select id
  from "roster_stage_users"
)
  and CAST(s."account_id" AS text) in (
  select id
  from "roster_stage_accounts"
);

-- The one scan of tracks: events up to now, only what the project reads.
CREATE TEMPORARY TABLE "roster_stage_tracks" AS
select
  CAST(s."user_id" AS text) AS user_id,
  CAST(s."timestamp" AS timestamptz) AS ts,
  CAST(s."message_id" AS text) AS message_id,
  CAST(s."event" AS text) AS event
from "tracks" AS s
where CAST(s."user_id" AS text) IS NOT NULL
  and CAST(s."timestamp" AS timestamptz) <= CAST(E'2026-06-30T12:00:00.000Z' AS timestamptz)
  and CAST(s."event" AS text) IN (E'Invite Sent', E'Logged In')
order by "event" asc;

CREATE INDEX ON "roster_stage_tracks" (event);

ANALYZE "roster_stage_tracks";

-- Sequence q1: the users with events in the order of its steps, in one ordered pass.
CREATE TEMPORARY TABLE "roster_sequence_q1_user" AS
select distinct x."user_id"
from (
  select
    x."user_id",
    x.ts,
    x."c2",
    max(CASE WHEN x."c1" THEN x.ts END) OVER (PARTITION BY x."user_id" ORDER BY x.ts, x."k", (x."mid") COLLATE "C" ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS "p2"
  from (
    select
      e.user_id AS "user_id",
      e.ts,
      CASE WHEN e.message_id IS NULL THEN 0 ELSE 1 END AS "k",
      e.message_id AS "mid",
      (e.event = E'Logged In') AS "c1",
      (e.event = E'Invite Sent') AS "c2"
    from "roster_stage_tracks" as "e"
    where ((e.event = E'Logged In') OR (e.event = E'Invite Sent'))
  ) as "x"
) as "x"
where x."c2" AND x."p2" IS NOT NULL;

-- Sequence q2: the users with events in the order of its steps, in one ordered pass.
CREATE TEMPORARY TABLE "roster_sequence_q2_user" AS
select distinct x."user_id"
from (
  select
    x."user_id",
    x.ts,
    x."c2",
    max(CASE WHEN x."c1" THEN x.ts END) OVER (PARTITION BY x."user_id" ORDER BY x.ts, x."k", (x."mid") COLLATE "C" ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS "p2"
  from (
    select
      e.user_id AS "user_id",
      e.ts,
      CASE WHEN e.message_id IS NULL THEN 0 ELSE 1 END AS "k",
      e.message_id AS "mid",
      (e.event = E'Invite Sent') AS "c1",
      (e.event = E'Logged In') AS "c2"
    from "roster_stage_tracks" as "e"
    where ((e.event = E'Invite Sent') OR (e.event = E'Logged In'))
  ) as "x"
) as "x"
where x."c2" AND x."p2" IS NOT NULL;

-- Sequence q3: the users with events in the order of its steps, in one ordered pass.
CREATE TEMPORARY TABLE "roster_sequence_q3_user" AS
select distinct x."user_id"
from (
  select
    x."user_id",
    x.ts,
    x."c2",
    max(CASE WHEN x."c1" THEN x.ts END) OVER (PARTITION BY x."user_id" ORDER BY x.ts, x."k", (x."mid") COLLATE "C" ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS "p2"
  from (
    select
      e.user_id AS "user_id",
      e.ts,
      CASE WHEN e.message_id IS NULL THEN 0 ELSE 1 END AS "k",
      e.message_id AS "mid",
      (e.event = E'Logged In') AS "c1",
      (e.event = E'Invite Sent') AS "c2"
    from "roster_stage_tracks" as "e"
    where ((e.event = E'Logged In') OR (e.event = E'Invite Sent'))
  ) as "x"
) as "x"
where x."c2" AND x."p2" IS NOT NULL AND x.ts <= (x."p2" + 172800000 * INTERVAL '1 millisecond');

-- Sequence q4: the users with events in the order of its steps, in one ordered pass.
CREATE TEMPORARY TABLE "roster_sequence_q4_user" AS
select distinct x."user_id"
from (
  select
    x."user_id",
    x.ts,
    x."c2",
    max(CASE WHEN x."c1" THEN x.ts END) OVER (PARTITION BY x."user_id" ORDER BY x.ts, x."k", (x."mid") COLLATE "C" ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS "p2"
  from (
    select
      e.user_id AS "user_id",
      e.ts,
      CASE WHEN e.message_id IS NULL THEN 0 ELSE 1 END AS "k",
      e.message_id AS "mid",
      (e.event = E'Logged In') AS "c1",
      (e.event = E'Logged In') AS "c2"
    from "roster_stage_tracks" as "e"
    where ((e.event = E'Logged In') OR (e.event = E'Logged In'))
  ) as "x"
) as "x"
where x."c2" AND x."p2" IS NOT NULL;

-- Every feature needed per user.
CREATE TEMPORARY TABLE "roster_features_user" AS
select
  x.id,
  (r1.user_id IS NOT NULL) AS "q1",
  (r2.user_id IS NOT NULL) AS "q2",
  (r3.user_id IS NOT NULL) AS "q3",
  (r4.user_id IS NOT NULL) AS "q4"
from "roster_stage_users" as "x"
left join "roster_sequence_q1_user" as "r1" on r1.user_id = x.id
left join "roster_sequence_q2_user" as "r2" on r2.user_id = x.id
left join "roster_sequence_q3_user" as "r3" on r3.user_id = x.id
left join "roster_sequence_q4_user" as "r4" on r4.user_id = x.id;

-- No event features per account.
CREATE TEMPORARY TABLE "roster_features_account" AS
select x.id
from "roster_stage_accounts" as "x";

-- audience login_then_invite
CREATE TEMPORARY TABLE "roster_audience_login_then_invite" AS
select e.id
from "roster_stage_users" as "e"
left join "roster_features_user" as "f" on "f"."id" = "e"."id"
where COALESCE(f."q1", FALSE);

-- audience invite_then_login
CREATE TEMPORARY TABLE "roster_audience_invite_then_login" AS
select e.id
from "roster_stage_users" as "e"
left join "roster_features_user" as "f" on "f"."id" = "e"."id"
where COALESCE(f."q2", FALSE);

-- audience invite_within_2d
CREATE TEMPORARY TABLE "roster_audience_invite_within_2d" AS
select e.id
from "roster_stage_users" as "e"
left join "roster_features_user" as "f" on "f"."id" = "e"."id"
where COALESCE(f."q3", FALSE);

-- audience no_invite_within_2d
CREATE TEMPORARY TABLE "roster_audience_no_invite_within_2d" AS
select e.id
from "roster_stage_users" as "e"
left join "roster_features_user" as "f" on "f"."id" = "e"."id"
where (NOT COALESCE(f."q3", FALSE));

-- audience two_logins
CREATE TEMPORARY TABLE "roster_audience_two_logins" AS
select e.id
from "roster_stage_users" as "e"
left join "roster_features_user" as "f" on "f"."id" = "e"."id"
where COALESCE(f."q4", FALSE);

-- audience login_then_invite (user)
select id
from "roster_audience_login_then_invite";

-- audience invite_then_login (user)
select id
from "roster_audience_invite_then_login";

-- audience invite_within_2d (user)
select id
from "roster_audience_invite_within_2d";

-- audience no_invite_within_2d (user)
select id
from "roster_audience_no_invite_within_2d";

-- audience two_logins (user)
select id
from "roster_audience_two_logins";

drop table if exists "roster_audience_two_logins";

drop table if exists "roster_audience_no_invite_within_2d";

drop table if exists "roster_audience_invite_within_2d";

drop table if exists "roster_audience_invite_then_login";

drop table if exists "roster_audience_login_then_invite";

drop table if exists "roster_features_account";

drop table if exists "roster_features_user";

drop table if exists "roster_sequence_q4_user";

drop table if exists "roster_sequence_q3_user";

drop table if exists "roster_sequence_q2_user";

drop table if exists "roster_sequence_q1_user";

drop table if exists "roster_stage_tracks";

drop table if exists "roster_stage_memberships";

drop table if exists "roster_stage_accounts";

drop table if exists "roster_stage_users";
