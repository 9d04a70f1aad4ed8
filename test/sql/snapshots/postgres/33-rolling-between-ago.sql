-- roster: postgres script for now = 2026-05-20T15:00:00.000Z

-- Every user (distinct non-null ids) with the custom traits the project reads.
CREATE TEMPORARY TABLE "roster_stage_users" AS
select distinct on (CAST(s."id" AS text))
  CAST(s."id" AS text) AS id,
  CAST(s."signed_up_at" AS timestamptz) AS "signed_up_at"
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
  CAST(s."event" AS text) AS event
from "tracks" AS s
where CAST(s."user_id" AS text) IS NOT NULL
  and CAST(s."timestamp" AS timestamptz) <= CAST(E'2026-05-20T15:00:00.000Z' AS timestamptz)
  and CAST(s."timestamp" AS timestamptz) >= CAST(E'2026-05-06T15:00:00.000Z' AS timestamptz)
  and CAST(s."event" AS text) IN (E'Feature Used', E'Logged In')
order by "event" asc;

CREATE INDEX ON "roster_stage_tracks" (event);

ANALYZE "roster_stage_tracks";

-- Partial aggregates of every feature over tracks of event "Feature Used", in one pass, per user.
CREATE TEMPORARY TABLE "roster_partials_tracks_1" AS
select
  e.user_id,
  count(CASE WHEN e.ts > CAST(E'2026-05-20T09:00:00.000Z' AS timestamptz) AND e.ts <= CAST(E'2026-05-20T13:00:00.000Z' AS timestamptz) THEN 1 END) AS "f5__n"
from "roster_stage_tracks" as "e"
where e.event = E'Feature Used'
group by e.user_id;

-- Partial aggregates of every feature over tracks of event "Logged In", in one pass, per user.
CREATE TEMPORARY TABLE "roster_partials_tracks_2" AS
select
  e.user_id,
  count(CASE WHEN e.ts > CAST(E'2026-05-13T15:00:00.000Z' AS timestamptz) AND e.ts <= CAST(E'2026-05-19T15:00:00.000Z' AS timestamptz) THEN 1 END) AS "f1__n",
  count(CASE WHEN e.ts > CAST(E'2026-05-06T15:00:00.000Z' AS timestamptz) AND e.ts <= CAST(E'2026-05-13T15:00:00.000Z' AS timestamptz) THEN 1 END) AS "f2__n",
  count(CASE WHEN e.ts > CAST(E'2026-05-06T15:00:00.000Z' AS timestamptz) AND e.ts <= CAST(E'2026-05-13T15:00:00.000Z' AS timestamptz) THEN 1 END) AS "f3__n",
  count(CASE WHEN e.ts > CAST(E'2026-05-18T15:00:00.000Z' AS timestamptz) AND e.ts <= CAST(E'2026-05-20T15:00:00.000Z' AS timestamptz) THEN 1 END) AS "f4__n"
from "roster_stage_tracks" as "e"
where e.event = E'Logged In'
group by e.user_id;

-- Every feature needed per user.
CREATE TEMPORARY TABLE "roster_features_user" AS
select
  x.id,
  COALESCE(CAST(r1."f5__n" AS double precision), CAST(0 AS double precision)) AS "f5",
  COALESCE(CAST(r2."f1__n" AS double precision), CAST(0 AS double precision)) AS "f1",
  COALESCE(CAST(r2."f2__n" AS double precision), CAST(0 AS double precision)) AS "f2",
  COALESCE(CAST(r2."f3__n" AS double precision), CAST(0 AS double precision)) AS "f3",
  COALESCE(CAST(r2."f4__n" AS double precision), CAST(0 AS double precision)) AS "f4"
from "roster_stage_users" as "x"
left join "roster_partials_tracks_1" as "r1" on r1.user_id = x.id
left join "roster_partials_tracks_2" as "r2" on r2.user_id = x.id;

-- Every feature needed per account.
CREATE TEMPORARY TABLE "roster_features_account" AS
select x.id, COALESCE(r1."f2", CAST(0 AS double precision)) AS "f2"
from "roster_stage_accounts" as "x"
left join (
  select
    m.account_id AS id,
    CAST(sum(p."f2__n") AS double precision) AS "f2"
  from "roster_stage_memberships" as "m"
  inner join "roster_partials_tracks_2" as "p" on p.user_id = m.user_id
  group by m.account_id
) as "r1" on r1.id = x.id;

-- audience last_week_not_today
CREATE TEMPORARY TABLE "roster_audience_last_week_not_today" AS
select e.id
from "roster_stage_users" as "e"
left join "roster_features_user" as "f" on "f"."id" = "e"."id"
where COALESCE(f."f1" >= CAST(1 AS double precision), FALSE);

-- audience prev_week
CREATE TEMPORARY TABLE "roster_audience_prev_week" AS
select e.id
from "roster_stage_users" as "e"
left join "roster_features_user" as "f" on "f"."id" = "e"."id"
where COALESCE(f."f2" >= CAST(1 AS double precision), FALSE);

-- audience prev_week_w
CREATE TEMPORARY TABLE "roster_audience_prev_week_w" AS
select e.id
from "roster_stage_users" as "e"
left join "roster_features_user" as "f" on "f"."id" = "e"."id"
where COALESCE(f."f3" >= CAST(1 AS double precision), FALSE);

-- audience zero_start
CREATE TEMPORARY TABLE "roster_audience_zero_start" AS
select e.id
from "roster_stage_users" as "e"
left join "roster_features_user" as "f" on "f"."id" = "e"."id"
where COALESCE(f."f4" >= CAST(1 AS double precision), FALSE);

-- audience hours_2_6
CREATE TEMPORARY TABLE "roster_audience_hours_2_6" AS
select e.id
from "roster_stage_users" as "e"
left join "roster_features_user" as "f" on "f"."id" = "e"."id"
where COALESCE(f."f5" >= CAST(1 AS double precision), FALSE);

-- audience signup_30_60
CREATE TEMPORARY TABLE "roster_audience_signup_30_60" AS
select e.id
from "roster_stage_users" as "e"
left join "roster_features_user" as "f" on "f"."id" = "e"."id"
where COALESCE(e."signed_up_at" > CAST(E'2026-03-21T15:00:00.000Z' AS timestamptz) AND e."signed_up_at" <= CAST(E'2026-04-20T15:00:00.000Z' AS timestamptz), FALSE);

-- audience signup_not_30_60
CREATE TEMPORARY TABLE "roster_audience_signup_not_30_60" AS
select e.id
from "roster_stage_users" as "e"
left join "roster_features_user" as "f" on "f"."id" = "e"."id"
where (NOT COALESCE(e."signed_up_at" > CAST(E'2026-03-21T15:00:00.000Z' AS timestamptz) AND e."signed_up_at" <= CAST(E'2026-04-20T15:00:00.000Z' AS timestamptz), FALSE));

-- audience signup_0_10
CREATE TEMPORARY TABLE "roster_audience_signup_0_10" AS
select e.id
from "roster_stage_users" as "e"
left join "roster_features_user" as "f" on "f"."id" = "e"."id"
where COALESCE(e."signed_up_at" > CAST(E'2026-05-10T15:00:00.000Z' AS timestamptz) AND e."signed_up_at" <= CAST(E'2026-05-20T15:00:00.000Z' AS timestamptz), FALSE);

-- audience last_week_not_today (user)
select id
from "roster_audience_last_week_not_today";

-- audience prev_week (user)
select id
from "roster_audience_prev_week";

-- audience prev_week_w (user)
select id
from "roster_audience_prev_week_w";

-- audience zero_start (user)
select id
from "roster_audience_zero_start";

-- audience hours_2_6 (user)
select id
from "roster_audience_hours_2_6";

-- trait logins_7_14 (user)
select id, "f2" AS value
from "roster_features_user"
where "f2" is not null;

-- trait acct_logins_7_14 (account)
select id, "f2" AS value
from "roster_features_account"
where "f2" is not null;

-- audience signup_30_60 (user)
select id
from "roster_audience_signup_30_60";

-- audience signup_not_30_60 (user)
select id
from "roster_audience_signup_not_30_60";

-- audience signup_0_10 (user)
select id
from "roster_audience_signup_0_10";

drop table if exists "roster_audience_signup_0_10";

drop table if exists "roster_audience_signup_not_30_60";

drop table if exists "roster_audience_signup_30_60";

drop table if exists "roster_audience_hours_2_6";

drop table if exists "roster_audience_zero_start";

drop table if exists "roster_audience_prev_week_w";

drop table if exists "roster_audience_prev_week";

drop table if exists "roster_audience_last_week_not_today";

drop table if exists "roster_features_account";

drop table if exists "roster_features_user";

drop table if exists "roster_partials_tracks_2";

drop table if exists "roster_partials_tracks_1";

drop table if exists "roster_stage_tracks";

drop table if exists "roster_stage_memberships";

drop table if exists "roster_stage_accounts";

drop table if exists "roster_stage_users";
