-- roster: postgres script for now = 2026-03-10T08:00:00.000Z

-- Every user (distinct non-null ids) with the custom traits the project reads.
CREATE TEMPORARY TABLE "roster_stage_users" AS
select distinct on (CAST(s."id" AS text))
  CAST(s."id" AS text) AS id,
  CAST(s."signed_up_at" AS timestamptz) AS "signed_up_at"
from "users" AS s
where CAST(s."id" AS text) IS NOT NULL;

-- Every account (distinct non-null ids) with the custom traits the project reads.
CREATE TEMPORARY TABLE "roster_stage_accounts" AS
select distinct on (CAST(s."id" AS text))
  CAST(s."id" AS text) AS id,
  CAST(s."created_at" AS timestamptz) AS "created_at"
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
  and CAST(s."timestamp" AS timestamptz) <= CAST(E'2026-03-10T08:00:00.000Z' AS timestamptz)
  and CAST(s."event" AS text) IN (E'Feature Used', E'Logged In')
order by "event" asc;

CREATE INDEX ON "roster_stage_tracks" (event);

ANALYZE "roster_stage_tracks";

-- Partial aggregates of every feature over tracks of event "Feature Used", in one pass, per user.
CREATE TEMPORARY TABLE "roster_partials_tracks_1" AS
select
  e.user_id,
  count(CASE WHEN e.ts <= CAST(E'2026-03-10T06:30:00.000Z' AS timestamptz) THEN 1 END) AS "f4__n"
from "roster_stage_tracks" as "e"
where e.event = E'Feature Used'
group by e.user_id;

-- Partial aggregates of every feature over tracks of event "Logged In", in one pass, per user.
CREATE TEMPORARY TABLE "roster_partials_tracks_2" AS
select
  e.user_id,
  count(CASE WHEN e.ts <= CAST(E'2026-02-08T08:00:00.000Z' AS timestamptz) THEN 1 END) AS "f1__n",
  count(CASE WHEN e.ts > CAST(E'2026-02-08T08:00:00.000Z' AS timestamptz) AND e.ts <= CAST(E'2026-03-10T08:00:00.000Z' AS timestamptz) THEN 1 END) AS "f2__n",
  count(CASE WHEN e.ts <= CAST(E'2026-03-10T08:00:00.000Z' AS timestamptz) THEN 1 END) AS "f3__n",
  count(*) AS "t_all_logins__n"
from "roster_stage_tracks" as "e"
where e.event = E'Logged In'
group by e.user_id;

-- Every feature needed per user.
CREATE TEMPORARY TABLE "roster_features_user" AS
select
  x.id,
  COALESCE(CAST(r1."f4__n" AS double precision), CAST(0 AS double precision)) AS "f4",
  COALESCE(CAST(r2."f1__n" AS double precision), CAST(0 AS double precision)) AS "f1",
  COALESCE(CAST(r2."f2__n" AS double precision), CAST(0 AS double precision)) AS "f2",
  COALESCE(CAST(r2."f3__n" AS double precision), CAST(0 AS double precision)) AS "f3",
  COALESCE(CAST(r2."t_all_logins__n" AS double precision), CAST(0 AS double precision)) AS "t_all_logins"
from "roster_stage_users" as "x"
left join "roster_partials_tracks_1" as "r1" on r1.user_id = x.id
left join "roster_partials_tracks_2" as "r2" on r2.user_id = x.id;

-- No event features per account.
CREATE TEMPORARY TABLE "roster_features_account" AS
select x.id
from "roster_stage_accounts" as "x";

-- audience lapsed_30d
CREATE TEMPORARY TABLE "roster_audience_lapsed_30d" AS
select e.id
from "roster_stage_users" as "e"
left join "roster_features_user" as "f" on "f"."id" = "e"."id"
where COALESCE(f."f1" >= CAST(1 AS double precision), FALSE);

-- audience recent_30d
CREATE TEMPORARY TABLE "roster_audience_recent_30d" AS
select e.id
from "roster_stage_users" as "e"
left join "roster_features_user" as "f" on "f"."id" = "e"."id"
where COALESCE(f."f2" >= CAST(1 AS double precision), FALSE);

-- audience any_login
CREATE TEMPORARY TABLE "roster_audience_any_login" AS
select e.id
from "roster_stage_users" as "e"
left join "roster_features_user" as "f" on "f"."id" = "e"."id"
where COALESCE(f."f3" >= CAST(1 AS double precision), FALSE);

-- audience never_old
CREATE TEMPORARY TABLE "roster_audience_never_old" AS
select e.id
from "roster_stage_users" as "e"
left join "roster_features_user" as "f" on "f"."id" = "e"."id"
where (NOT COALESCE(f."f1" >= CAST(1 AS double precision), FALSE));

-- audience old_twice
CREATE TEMPORARY TABLE "roster_audience_old_twice" AS
select e.id
from "roster_stage_users" as "e"
left join "roster_features_user" as "f" on "f"."id" = "e"."id"
where COALESCE(f."f1" >= CAST(2 AS double precision), FALSE);

-- audience fu_before_90m
CREATE TEMPORARY TABLE "roster_audience_fu_before_90m" AS
select e.id
from "roster_stage_users" as "e"
left join "roster_features_user" as "f" on "f"."id" = "e"."id"
where COALESCE(f."f4" >= CAST(1 AS double precision), FALSE);

-- audience old_signup
CREATE TEMPORARY TABLE "roster_audience_old_signup" AS
select e.id
from "roster_stage_users" as "e"
left join "roster_features_user" as "f" on "f"."id" = "e"."id"
where COALESCE(e."signed_up_at" <= CAST(E'2026-02-24T08:00:00.000Z' AS timestamptz), FALSE);

-- audience old_signup_date
CREATE TEMPORARY TABLE "roster_audience_old_signup_date" AS
select e.id
from "roster_stage_users" as "e"
left join "roster_features_user" as "f" on "f"."id" = "e"."id"
where COALESCE(e."signed_up_at" < CAST(E'2026-02-24T08:00:00.000Z' AS timestamptz), FALSE);

-- audience existing_accounts
CREATE TEMPORARY TABLE "roster_audience_existing_accounts" AS
select e.id
from "roster_stage_accounts" as "e"
left join "roster_features_account" as "f" on "f"."id" = "e"."id"
where COALESCE(e."created_at" <= CAST(E'2026-03-10T08:00:00.000Z' AS timestamptz), FALSE);

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

drop table if exists "roster_stage_tracks";

drop table if exists "roster_stage_memberships";

drop table if exists "roster_stage_accounts";

drop table if exists "roster_stage_users";
