-- roster: postgres script for now = 2026-06-30T00:00:00.000Z

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
  CAST(s."group_id" AS text) AS group_id,
  CAST(s."event" AS text) AS event
from "tracks" AS s
where CAST(s."user_id" AS text) IS NOT NULL
  and CAST(s."timestamp" AS timestamptz) <= CAST(E'2026-06-30T00:00:00.000Z' AS timestamptz)
  and CAST(s."event" AS text) IN (E'Logged In', E'Order Completed')
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
      (e.event = E'Order Completed') AS "c2"
    from "roster_stage_tracks" as "e"
    where ((e.event = E'Logged In') OR (e.event = E'Order Completed'))
  ) as "x"
) as "x"
where x."c2" AND x."p2" IS NOT NULL AND x.ts <= (x."p2" + 604800000 * INTERVAL '1 millisecond');

-- Sequence q1: the (user, account) pairs with events in the order of its steps, in one ordered pass.
CREATE TEMPORARY TABLE "roster_sequence_q1_user_account" AS
select distinct x."user_id", x."account_id"
from (
  select
    x."user_id",
    x."account_id",
    x.ts,
    x."c2",
    max(CASE WHEN x."c1" THEN x.ts END) OVER (PARTITION BY x."user_id", x."account_id" ORDER BY x.ts, x."k", (x."mid") COLLATE "C" ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS "p2"
  from (
    select
      e.user_id AS "user_id",
      m.account_id AS "account_id",
      e.ts,
      CASE WHEN e.message_id IS NULL THEN 0 ELSE 1 END AS "k",
      e.message_id AS "mid",
      (e.event = E'Logged In') AS "c1",
      (e.event = E'Order Completed') AS "c2"
    from "roster_stage_tracks" as "e"
    inner join "roster_stage_memberships" as "m" on m.user_id = e.user_id AND (e.group_id IS NULL OR e.group_id = m.account_id)
    where ((e.event = E'Logged In') OR (e.event = E'Order Completed'))
  ) as "x"
) as "x"
where x."c2" AND x."p2" IS NOT NULL AND x.ts <= (x."p2" + 604800000 * INTERVAL '1 millisecond');

-- Sequence q2: the (user, account) pairs with events in the order of its steps, in one ordered pass.
CREATE TEMPORARY TABLE "roster_sequence_q2_user_account" AS
select distinct x."user_id", x."account_id"
from (
  select
    x."user_id",
    x."account_id",
    x.ts,
    x."c2",
    max(CASE WHEN x."c1" THEN x.ts END) OVER (PARTITION BY x."user_id", x."account_id" ORDER BY x.ts, x."k", (x."mid") COLLATE "C" ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS "p2"
  from (
    select
      e.user_id AS "user_id",
      m.account_id AS "account_id",
      e.ts,
      CASE WHEN e.message_id IS NULL THEN 0 ELSE 1 END AS "k",
      e.message_id AS "mid",
      (e.event = E'Logged In') AS "c1",
      (e.event = E'Order Completed') AS "c2"
    from "roster_stage_tracks" as "e"
    inner join "roster_stage_memberships" as "m" on m.user_id = e.user_id AND (e.group_id IS NULL OR e.group_id = m.account_id)
    where ((e.event = E'Logged In') OR (e.event = E'Order Completed'))
  ) as "x"
) as "x"
where x."c2" AND x."p2" IS NOT NULL;

-- Every feature needed per user.
CREATE TEMPORARY TABLE "roster_features_user" AS
select x.id, (r1.user_id IS NOT NULL) AS "q1"
from "roster_stage_users" as "x"
left join "roster_sequence_q1_user" as "r1" on r1.user_id = x.id;

-- Every feature needed per (user, account).
CREATE TEMPORARY TABLE "roster_features_user_account" AS
select
  x.user_id,
  x.account_id,
  (r1.user_id IS NOT NULL) AS "q1",
  (r2.user_id IS NOT NULL) AS "q2"
from "roster_stage_memberships" as "x"
left join "roster_sequence_q1_user_account" as "r1" on r1.user_id = x.user_id AND r1.account_id = x.account_id
left join "roster_sequence_q2_user_account" as "r2" on r2.user_id = x.user_id AND r2.account_id = x.account_id;

-- No event features per account.
CREATE TEMPORARY TABLE "roster_features_account" AS
select x.id
from "roster_stage_accounts" as "x";

-- Per account: its users, and how many of them satisfy each quantifier body, in one pass.
CREATE TEMPORARY TABLE "roster_quantified_account" AS
select
  m.account_id AS id,
  count(*) AS n,
  count(CASE WHEN COALESCE(fp."q1", FALSE) THEN 1 END) AS "q1",
  count(CASE WHEN COALESCE(fp."q2", FALSE) THEN 1 END) AS "q2"
from "roster_stage_memberships" as "m"
inner join "roster_stage_users" as "u" on u.id = m.user_id
left join "roster_features_user" as "fu" on fu.id = u.id
left join "roster_features_user_account" as "fp" on fp.user_id = m.user_id AND fp.account_id = m.account_id
group by m.account_id;

-- audience trial_funnel
CREATE TEMPORARY TABLE "roster_audience_trial_funnel" AS
select e.id
from "roster_stage_accounts" as "e"
left join "roster_features_account" as "f" on "f"."id" = "e"."id"
left join "roster_quantified_account" as "g" on "g"."id" = "e"."id"
where (COALESCE(g."q1", CAST(0 AS double precision)) > CAST(0 AS double precision));

-- audience user_funnel
CREATE TEMPORARY TABLE "roster_audience_user_funnel" AS
select e.id
from "roster_stage_users" as "e"
left join "roster_features_user" as "f" on "f"."id" = "e"."id"
where COALESCE(f."q1", FALSE);

-- audience all_converted
CREATE TEMPORARY TABLE "roster_audience_all_converted" AS
select e.id
from "roster_stage_accounts" as "e"
left join "roster_features_account" as "f" on "f"."id" = "e"."id"
left join "roster_quantified_account" as "g" on "g"."id" = "e"."id"
where (COALESCE(g.n, CAST(0 AS double precision)) > CAST(0 AS double precision) AND COALESCE(g."q2", CAST(0 AS double precision)) = COALESCE(g.n, CAST(0 AS double precision)));

-- audience trial_funnel (account)
select id
from "roster_audience_trial_funnel";

-- audience user_funnel (user)
select id
from "roster_audience_user_funnel";

-- audience all_converted (account)
select id
from "roster_audience_all_converted";

drop table if exists "roster_audience_all_converted";

drop table if exists "roster_audience_user_funnel";

drop table if exists "roster_audience_trial_funnel";

drop table if exists "roster_quantified_account";

drop table if exists "roster_features_account";

drop table if exists "roster_features_user_account";

drop table if exists "roster_features_user";

drop table if exists "roster_sequence_q2_user_account";

drop table if exists "roster_sequence_q1_user_account";

drop table if exists "roster_sequence_q1_user";

drop table if exists "roster_stage_tracks";

drop table if exists "roster_stage_memberships";

drop table if exists "roster_stage_accounts";

drop table if exists "roster_stage_users";
