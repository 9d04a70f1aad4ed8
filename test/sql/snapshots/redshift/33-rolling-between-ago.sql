-- roster: redshift script for now = 2026-05-20T15:00:00.000Z

-- Every user (distinct non-null ids) with the custom traits the project reads.
CREATE TEMPORARY TABLE "roster_stage_users" AS
select d.id, d."signed_up_at"
from (
  select
    CAST(s."id" AS VARCHAR(65535)) AS id,
    CAST(s."signed_up_at" AS TIMESTAMPTZ) AS "signed_up_at",
    row_number() OVER (PARTITION BY CAST(s."id" AS VARCHAR(65535)) ORDER BY CAST(s."id" AS VARCHAR(65535))) AS roster_row
  from "users" AS s
  where CAST(s."id" AS VARCHAR(65535)) IS NOT NULL
) as "d"
where d.roster_row = 1;

-- Every account (distinct non-null ids) with the custom traits the project reads.
CREATE TEMPORARY TABLE "roster_stage_accounts" AS
select d.id
from (
  select
    CAST(s."id" AS VARCHAR(65535)) AS id,
    row_number() OVER (PARTITION BY CAST(s."id" AS VARCHAR(65535)) ORDER BY CAST(s."id" AS VARCHAR(65535))) AS roster_row
  from "accounts" AS s
  where CAST(s."id" AS VARCHAR(65535)) IS NOT NULL
) as "d"
where d.roster_row = 1;

-- Distinct (user, account) pairs whose user and account both exist.
CREATE TEMPORARY TABLE "roster_stage_memberships" AS
select distinct
  CAST(s."user_id" AS VARCHAR(65535)) AS user_id,
  CAST(s."account_id" AS VARCHAR(65535)) AS account_id
from "memberships" AS s
where CAST(s."user_id" AS VARCHAR(65535)) in (
  select id
  from "roster_stage_users"
)
  and CAST(s."account_id" AS VARCHAR(65535)) in (
  select id
  from "roster_stage_accounts"
);

-- The one scan of tracks: events up to now, only what the project reads.
CREATE TEMPORARY TABLE "roster_stage_tracks" AS
select
  CAST(s."user_id" AS VARCHAR(65535)) AS user_id,
  CAST(s."timestamp" AS TIMESTAMPTZ) AS ts,
  CAST(s."event" AS VARCHAR(65535)) AS event
from "tracks" AS s
where CAST(s."user_id" AS VARCHAR(65535)) IS NOT NULL
  and CAST(s."timestamp" AS TIMESTAMPTZ) <= CAST('2026-05-20 15:00:00.000+00:00' AS TIMESTAMPTZ)
  and CAST(s."timestamp" AS TIMESTAMPTZ) >= CAST('2026-05-06 15:00:00.000+00:00' AS TIMESTAMPTZ)
  and CAST(s."event" AS VARCHAR(65535)) IN ('Feature Used', 'Logged In');

-- Partial aggregates of every feature over tracks, in one pass, per user.
CREATE TEMPORARY TABLE "roster_partials_tracks" AS
select
  e.user_id,
  count(CASE WHEN e.event = 'Logged In' AND e.ts > CAST('2026-05-13 15:00:00.000+00:00' AS TIMESTAMPTZ) AND e.ts <= CAST('2026-05-19 15:00:00.000+00:00' AS TIMESTAMPTZ) THEN 1 END) AS "f1__n",
  count(CASE WHEN e.event = 'Logged In' AND e.ts > CAST('2026-05-06 15:00:00.000+00:00' AS TIMESTAMPTZ) AND e.ts <= CAST('2026-05-13 15:00:00.000+00:00' AS TIMESTAMPTZ) THEN 1 END) AS "f2__n",
  count(CASE WHEN e.event = 'Logged In' AND e.ts > CAST('2026-05-06 15:00:00.000+00:00' AS TIMESTAMPTZ) AND e.ts <= CAST('2026-05-13 15:00:00.000+00:00' AS TIMESTAMPTZ) THEN 1 END) AS "f3__n",
  count(CASE WHEN e.event = 'Logged In' AND e.ts > CAST('2026-05-18 15:00:00.000+00:00' AS TIMESTAMPTZ) AND e.ts <= CAST('2026-05-20 15:00:00.000+00:00' AS TIMESTAMPTZ) THEN 1 END) AS "f4__n",
  count(CASE WHEN e.event = 'Feature Used' AND e.ts > CAST('2026-05-20 09:00:00.000+00:00' AS TIMESTAMPTZ) AND e.ts <= CAST('2026-05-20 13:00:00.000+00:00' AS TIMESTAMPTZ) THEN 1 END) AS "f5__n"
from "roster_stage_tracks" as "e"
group by e.user_id;

-- Every feature needed per user.
CREATE TEMPORARY TABLE "roster_features_user" AS
select
  x.id,
  COALESCE(CAST(r1."f1__n" AS DOUBLE PRECISION), CAST(0 AS DOUBLE PRECISION)) AS "f1",
  COALESCE(CAST(r1."f2__n" AS DOUBLE PRECISION), CAST(0 AS DOUBLE PRECISION)) AS "f2",
  COALESCE(CAST(r1."f3__n" AS DOUBLE PRECISION), CAST(0 AS DOUBLE PRECISION)) AS "f3",
  COALESCE(CAST(r1."f4__n" AS DOUBLE PRECISION), CAST(0 AS DOUBLE PRECISION)) AS "f4",
  COALESCE(CAST(r1."f5__n" AS DOUBLE PRECISION), CAST(0 AS DOUBLE PRECISION)) AS "f5"
from "roster_stage_users" as "x"
left join "roster_partials_tracks" as "r1" on r1.user_id = x.id;

-- Every feature needed per account.
CREATE TEMPORARY TABLE "roster_features_account" AS
select x.id, COALESCE(r1."f2", CAST(0 AS DOUBLE PRECISION)) AS "f2"
from "roster_stage_accounts" as "x"
left join (
  select
    m.account_id AS id,
    CAST(sum(p."f2__n") AS DOUBLE PRECISION) AS "f2"
  from "roster_stage_memberships" as "m"
  inner join "roster_partials_tracks" as "p" on p.user_id = m.user_id
  group by m.account_id
) as "r1" on r1.id = x.id;

-- audience last_week_not_today
CREATE TEMPORARY TABLE "roster_audience_last_week_not_today" AS
select e.id
from "roster_stage_users" as "e"
left join "roster_features_user" as "f" on "f"."id" = "e"."id"
where COALESCE(f."f1" >= CAST(1 AS DOUBLE PRECISION), FALSE);

-- audience prev_week
CREATE TEMPORARY TABLE "roster_audience_prev_week" AS
select e.id
from "roster_stage_users" as "e"
left join "roster_features_user" as "f" on "f"."id" = "e"."id"
where COALESCE(f."f2" >= CAST(1 AS DOUBLE PRECISION), FALSE);

-- audience prev_week_w
CREATE TEMPORARY TABLE "roster_audience_prev_week_w" AS
select e.id
from "roster_stage_users" as "e"
left join "roster_features_user" as "f" on "f"."id" = "e"."id"
where COALESCE(f."f3" >= CAST(1 AS DOUBLE PRECISION), FALSE);

-- audience zero_start
CREATE TEMPORARY TABLE "roster_audience_zero_start" AS
select e.id
from "roster_stage_users" as "e"
left join "roster_features_user" as "f" on "f"."id" = "e"."id"
where COALESCE(f."f4" >= CAST(1 AS DOUBLE PRECISION), FALSE);

-- audience hours_2_6
CREATE TEMPORARY TABLE "roster_audience_hours_2_6" AS
select e.id
from "roster_stage_users" as "e"
left join "roster_features_user" as "f" on "f"."id" = "e"."id"
where COALESCE(f."f5" >= CAST(1 AS DOUBLE PRECISION), FALSE);

-- audience signup_30_60
CREATE TEMPORARY TABLE "roster_audience_signup_30_60" AS
select e.id
from "roster_stage_users" as "e"
left join "roster_features_user" as "f" on "f"."id" = "e"."id"
where COALESCE(e."signed_up_at" > CAST('2026-03-21 15:00:00.000+00:00' AS TIMESTAMPTZ) AND e."signed_up_at" <= CAST('2026-04-20 15:00:00.000+00:00' AS TIMESTAMPTZ), FALSE);

-- audience signup_not_30_60
CREATE TEMPORARY TABLE "roster_audience_signup_not_30_60" AS
select e.id
from "roster_stage_users" as "e"
left join "roster_features_user" as "f" on "f"."id" = "e"."id"
where (NOT COALESCE(e."signed_up_at" > CAST('2026-03-21 15:00:00.000+00:00' AS TIMESTAMPTZ) AND e."signed_up_at" <= CAST('2026-04-20 15:00:00.000+00:00' AS TIMESTAMPTZ), FALSE));

-- audience signup_0_10
CREATE TEMPORARY TABLE "roster_audience_signup_0_10" AS
select e.id
from "roster_stage_users" as "e"
left join "roster_features_user" as "f" on "f"."id" = "e"."id"
where COALESCE(e."signed_up_at" > CAST('2026-05-10 15:00:00.000+00:00' AS TIMESTAMPTZ) AND e."signed_up_at" <= CAST('2026-05-20 15:00:00.000+00:00' AS TIMESTAMPTZ), FALSE);

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

drop table if exists "roster_partials_tracks";

drop table if exists "roster_stage_tracks";

drop table if exists "roster_stage_memberships";

drop table if exists "roster_stage_accounts";

drop table if exists "roster_stage_users";
