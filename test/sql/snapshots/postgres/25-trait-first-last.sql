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
  CAST(s."event" AS text) AS event,
  CASE WHEN CAST(s."event" AS text) IN (E'Feature Used') THEN CASE WHEN jsonb_typeof(CAST(s."properties" AS jsonb) -> E'feature') = E'string' THEN (CAST(s."properties" AS jsonb) ->> E'feature') END END AS "p_feature"
from "tracks" AS s
where CAST(s."user_id" AS text) IS NOT NULL
  and CAST(s."timestamp" AS timestamptz) <= CAST(E'2026-06-30T00:00:00.000Z' AS timestamptz)
  and CAST(s."event" AS text) IN (E'Feature Used', E'Logged In')
order by "event" asc;

CREATE INDEX ON "roster_stage_tracks" (event);

ANALYZE "roster_stage_tracks";

-- Partial aggregates of every feature over tracks of event "Feature Used", in one pass, per user.
CREATE TEMPORARY TABLE "roster_partials_tracks_1" AS
select
  e.user_id,
  (array_agg(e."p_feature" ORDER BY e.ts ASC, e.message_id COLLATE "C" ASC NULLS FIRST) FILTER (WHERE e."p_feature" IS NOT NULL))[1] AS "t_first_feature__v",
  (array_agg(e.ts ORDER BY e.ts ASC, e.message_id COLLATE "C" ASC NULLS FIRST) FILTER (WHERE e."p_feature" IS NOT NULL))[1] AS "t_first_feature__t",
  (array_agg(e.message_id ORDER BY e.ts ASC, e.message_id COLLATE "C" ASC NULLS FIRST) FILTER (WHERE e."p_feature" IS NOT NULL))[1] AS "t_first_feature__m",
  (array_agg(e."p_feature" ORDER BY e.ts DESC, e.message_id COLLATE "C" DESC NULLS LAST) FILTER (WHERE e."p_feature" IS NOT NULL))[1] AS "t_last_feature__v",
  (array_agg(e.ts ORDER BY e.ts DESC, e.message_id COLLATE "C" DESC NULLS LAST) FILTER (WHERE e."p_feature" IS NOT NULL))[1] AS "t_last_feature__t",
  (array_agg(e.message_id ORDER BY e.ts DESC, e.message_id COLLATE "C" DESC NULLS LAST) FILTER (WHERE e."p_feature" IS NOT NULL))[1] AS "t_last_feature__m"
from "roster_stage_tracks" as "e"
where e.event = E'Feature Used'
group by e.user_id;

-- Partial aggregates of every feature over tracks of event "Logged In", in one pass, per user.
CREATE TEMPORARY TABLE "roster_partials_tracks_2" AS
select
  e.user_id,
  min(e.ts) AS "t_first_login__v",
  max(e.ts) AS "t_last_login__v"
from "roster_stage_tracks" as "e"
where e.event = E'Logged In'
group by e.user_id;

-- Every feature needed per user.
CREATE TEMPORARY TABLE "roster_features_user" AS
select
  x.id,
  r1."t_first_feature__v" AS "t_first_feature",
  r1."t_last_feature__v" AS "t_last_feature",
  r2."t_first_login__v" AS "t_first_login",
  r2."t_last_login__v" AS "t_last_login"
from "roster_stage_users" as "x"
left join "roster_partials_tracks_1" as "r1" on r1.user_id = x.id
left join "roster_partials_tracks_2" as "r2" on r2.user_id = x.id;

-- Every feature needed per account.
CREATE TEMPORARY TABLE "roster_features_account" AS
select x.id, r1."t_last_feature" AS "t_last_feature"
from "roster_stage_accounts" as "x"
left join (
  select
    m.account_id AS id,
    (array_agg(p."t_last_feature__v" ORDER BY p."t_last_feature__t" DESC, p."t_last_feature__m" COLLATE "C" DESC NULLS LAST) FILTER (WHERE p."t_last_feature__t" IS NOT NULL))[1] AS "t_last_feature"
  from "roster_stage_memberships" as "m"
  inner join "roster_partials_tracks_1" as "p" on p.user_id = m.user_id
  group by m.account_id
) as "r1" on r1.id = x.id;

-- trait first_login (user)
select id, "t_first_login" AS value
from "roster_features_user"
where "t_first_login" is not null;

-- trait last_login (user)
select id, "t_last_login" AS value
from "roster_features_user"
where "t_last_login" is not null;

-- trait first_feature (user)
select id, "t_first_feature" AS value
from "roster_features_user"
where "t_first_feature" is not null;

-- trait last_feature (user)
select id, "t_last_feature" AS value
from "roster_features_user"
where "t_last_feature" is not null;

-- trait account_last_feature (account)
select id, "t_last_feature" AS value
from "roster_features_account"
where "t_last_feature" is not null;

drop table if exists "roster_features_account";

drop table if exists "roster_features_user";

drop table if exists "roster_partials_tracks_2";

drop table if exists "roster_partials_tracks_1";

drop table if exists "roster_stage_tracks";

drop table if exists "roster_stage_memberships";

drop table if exists "roster_stage_accounts";

drop table if exists "roster_stage_users";
