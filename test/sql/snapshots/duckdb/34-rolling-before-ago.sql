-- roster: duckdb script for now = 2026-03-10T08:00:00.000Z

-- Every user (distinct non-null ids) with the custom traits the project reads.
CREATE OR REPLACE TEMPORARY TABLE "roster_stage_users" AS
select distinct on (CAST(s."id" AS VARCHAR))
  CAST(s."id" AS VARCHAR) AS id,
  CAST(s."signed_up_at" AS TIMESTAMPTZ) AS "signed_up_at"
from "users" AS s
where CAST(s."id" AS VARCHAR) IS NOT NULL;

-- Every account (distinct non-null ids) with the custom traits the project reads.
CREATE OR REPLACE TEMPORARY TABLE "roster_stage_accounts" AS
select distinct on (CAST(s."id" AS VARCHAR))
  CAST(s."id" AS VARCHAR) AS id,
  CAST(s."created_at" AS TIMESTAMPTZ) AS "created_at"
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

-- The one scan of tracks: events up to now, only what the project reads.
CREATE OR REPLACE TEMPORARY VIEW "roster_stage_tracks" AS
select
  CAST(s."user_id" AS VARCHAR) AS user_id,
  CAST(s."timestamp" AS TIMESTAMPTZ) AS ts,
  CAST(s."event" AS VARCHAR) AS event
from "tracks" AS s
where CAST(s."user_id" AS VARCHAR) IS NOT NULL
  and CAST(s."timestamp" AS TIMESTAMPTZ) <= CAST('2026-03-10T08:00:00.000Z' AS TIMESTAMPTZ)
  and CAST(s."event" AS VARCHAR) IN ('Feature Used', 'Logged In');

-- Partial aggregates of every feature over tracks of event "Feature Used", in one pass, per user.
CREATE OR REPLACE TEMPORARY TABLE "roster_partials_tracks_1" AS
select
  e.user_id,
  count(CASE WHEN e.ts <= CAST('2026-03-10T06:30:00.000Z' AS TIMESTAMPTZ) THEN 1 END) AS "f4__n"
from "roster_stage_tracks" as "e"
where e.event = 'Feature Used'
group by e.user_id;

-- Partial aggregates of every feature over tracks of event "Logged In", in one pass, per user.
CREATE OR REPLACE TEMPORARY TABLE "roster_partials_tracks_2" AS
select
  e.user_id,
  count(CASE WHEN e.ts <= CAST('2026-02-08T08:00:00.000Z' AS TIMESTAMPTZ) THEN 1 END) AS "f1__n",
  count(CASE WHEN e.ts > CAST('2026-02-08T08:00:00.000Z' AS TIMESTAMPTZ) AND e.ts <= CAST('2026-03-10T08:00:00.000Z' AS TIMESTAMPTZ) THEN 1 END) AS "f2__n",
  count(CASE WHEN e.ts <= CAST('2026-03-10T08:00:00.000Z' AS TIMESTAMPTZ) THEN 1 END) AS "f3__n",
  count(*) AS "t_all_logins__n"
from "roster_stage_tracks" as "e"
where e.event = 'Logged In'
group by e.user_id;

-- Every feature needed per user.
CREATE OR REPLACE TEMPORARY TABLE "roster_features_user" AS
select
  x.id,
  COALESCE(CAST(r1."f4__n" AS DOUBLE), CAST(0 AS DOUBLE)) AS "f4",
  COALESCE(CAST(r2."f1__n" AS DOUBLE), CAST(0 AS DOUBLE)) AS "f1",
  COALESCE(CAST(r2."f2__n" AS DOUBLE), CAST(0 AS DOUBLE)) AS "f2",
  COALESCE(CAST(r2."f3__n" AS DOUBLE), CAST(0 AS DOUBLE)) AS "f3",
  COALESCE(CAST(r2."t_all_logins__n" AS DOUBLE), CAST(0 AS DOUBLE)) AS "t_all_logins"
from "roster_stage_users" as "x"
left join "roster_partials_tracks_1" as "r1" on r1.user_id = x.id
left join "roster_partials_tracks_2" as "r2" on r2.user_id = x.id;

-- No event features per account.
CREATE OR REPLACE TEMPORARY TABLE "roster_features_account" AS
select x.id
from "roster_stage_accounts" as "x";

-- audience lapsed_30d
CREATE OR REPLACE TEMPORARY TABLE "roster_audience_lapsed_30d" AS
select e.id
from "roster_stage_users" as "e"
left join "roster_features_user" as "f" on "f"."id" = "e"."id"
where COALESCE(f."f1" >= CAST(1 AS DOUBLE), FALSE);

-- audience recent_30d
CREATE OR REPLACE TEMPORARY TABLE "roster_audience_recent_30d" AS
select e.id
from "roster_stage_users" as "e"
left join "roster_features_user" as "f" on "f"."id" = "e"."id"
where COALESCE(f."f2" >= CAST(1 AS DOUBLE), FALSE);

-- audience any_login
CREATE OR REPLACE TEMPORARY TABLE "roster_audience_any_login" AS
select e.id
from "roster_stage_users" as "e"
left join "roster_features_user" as "f" on "f"."id" = "e"."id"
where COALESCE(f."f3" >= CAST(1 AS DOUBLE), FALSE);

-- audience never_old
CREATE OR REPLACE TEMPORARY TABLE "roster_audience_never_old" AS
select e.id
from "roster_stage_users" as "e"
left join "roster_features_user" as "f" on "f"."id" = "e"."id"
where (NOT COALESCE(f."f1" >= CAST(1 AS DOUBLE), FALSE));

-- audience old_twice
CREATE OR REPLACE TEMPORARY TABLE "roster_audience_old_twice" AS
select e.id
from "roster_stage_users" as "e"
left join "roster_features_user" as "f" on "f"."id" = "e"."id"
where COALESCE(f."f1" >= CAST(2 AS DOUBLE), FALSE);

-- audience fu_before_90m
CREATE OR REPLACE TEMPORARY TABLE "roster_audience_fu_before_90m" AS
select e.id
from "roster_stage_users" as "e"
left join "roster_features_user" as "f" on "f"."id" = "e"."id"
where COALESCE(f."f4" >= CAST(1 AS DOUBLE), FALSE);

-- audience old_signup
CREATE OR REPLACE TEMPORARY TABLE "roster_audience_old_signup" AS
select e.id
from "roster_stage_users" as "e"
left join "roster_features_user" as "f" on "f"."id" = "e"."id"
where COALESCE(e."signed_up_at" <= CAST('2026-02-24T08:00:00.000Z' AS TIMESTAMPTZ), FALSE);

-- audience old_signup_date
CREATE OR REPLACE TEMPORARY TABLE "roster_audience_old_signup_date" AS
select e.id
from "roster_stage_users" as "e"
left join "roster_features_user" as "f" on "f"."id" = "e"."id"
where COALESCE(e."signed_up_at" < CAST('2026-02-24T08:00:00.000Z' AS TIMESTAMPTZ), FALSE);

-- audience existing_accounts
CREATE OR REPLACE TEMPORARY TABLE "roster_audience_existing_accounts" AS
select e.id
from "roster_stage_accounts" as "e"
left join "roster_features_account" as "f" on "f"."id" = "e"."id"
where COALESCE(e."created_at" <= CAST('2026-03-10T08:00:00.000Z' AS TIMESTAMPTZ), FALSE);

-- audience lapsed_30d (user)
select id
from "roster_audience_lapsed_30d";

-- audience recent_30d (user)
select id
from "roster_audience_recent_30d";

-- audience any_login (user)
select id
from "roster_audience_any_login";

-- audience never_old (user)
select id
from "roster_audience_never_old";

-- audience old_twice (user)
select id
from "roster_audience_old_twice";

-- trait old_logins (user)
select id, "f1" AS value
from "roster_features_user"
where "f1" is not null;

-- trait new_logins (user)
select id, "f2" AS value
from "roster_features_user"
where "f2" is not null;

-- trait all_logins (user)
select id, "t_all_logins" AS value
from "roster_features_user"
where "t_all_logins" is not null;

-- audience fu_before_90m (user)
select id
from "roster_audience_fu_before_90m";

-- audience old_signup (user)
select id
from "roster_audience_old_signup";

-- audience old_signup_date (user)
select id
from "roster_audience_old_signup_date";

-- audience existing_accounts (account)
select id
from "roster_audience_existing_accounts";

drop table if exists "roster_audience_existing_accounts";

drop table if exists "roster_audience_old_signup_date";

drop table if exists "roster_audience_old_signup";

drop table if exists "roster_audience_fu_before_90m";

drop table if exists "roster_audience_old_twice";

drop table if exists "roster_audience_never_old";

drop table if exists "roster_audience_any_login";

drop table if exists "roster_audience_recent_30d";

drop table if exists "roster_audience_lapsed_30d";

drop table if exists "roster_features_account";

drop table if exists "roster_features_user";

drop table if exists "roster_partials_tracks_2";

drop table if exists "roster_partials_tracks_1";

drop view if exists "roster_stage_tracks";

drop table if exists "roster_stage_memberships";

drop table if exists "roster_stage_accounts";

drop table if exists "roster_stage_users";
