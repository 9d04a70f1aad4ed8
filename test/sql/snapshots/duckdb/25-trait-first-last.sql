-- roster: duckdb script for now = 2026-06-30T00:00:00.000Z

-- Every user (distinct non-null ids) with the custom traits the project reads.
CREATE OR REPLACE TEMPORARY TABLE "roster_stage_users" AS
select distinct on (CAST(s."id" AS VARCHAR)) CAST(s."id" AS VARCHAR) AS id
from "users" AS s
where CAST(s."id" AS VARCHAR) IS NOT NULL;

-- Every account (distinct non-null ids) with the custom traits the project reads.
CREATE OR REPLACE TEMPORARY TABLE "roster_stage_accounts" AS
select distinct on (CAST(s."id" AS VARCHAR)) CAST(s."id" AS VARCHAR) AS id
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
  s.user_id,
  s.ts,
  s.message_id,
  s.event,
  CASE WHEN regexp_matches(s."p_feature", '^[-+.0-9\[{FINTfint]') THEN CASE WHEN json_type(s.roster_json, '$."feature"') = 'VARCHAR' THEN s."p_feature" END ELSE s."p_feature" END AS "p_feature"
from (
  select
    CAST(s."user_id" AS VARCHAR) AS user_id,
    CAST(s."timestamp" AS TIMESTAMPTZ) AS ts,
    CAST(s."message_id" AS VARCHAR) AS message_id,
    CAST(s."event" AS VARCHAR) AS event,
    CASE WHEN CAST(s."event" AS VARCHAR) IN ('Feature Used') THEN json_extract_string(CAST(s."properties" AS JSON), '$."feature"') END AS "p_feature",
    CAST(s."properties" AS JSON) AS roster_json
  from "tracks" AS s
  where CAST(s."user_id" AS VARCHAR) IS NOT NULL
    and CAST(s."timestamp" AS TIMESTAMPTZ) <= CAST('2026-06-30T00:00:00.000Z' AS TIMESTAMPTZ)
    and CAST(s."event" AS VARCHAR) IN ('Feature Used', 'Logged In')
) as "s";

-- Partial aggregates of every feature over tracks of event "Feature Used", in one pass, per user.
CREATE OR REPLACE TEMPORARY TABLE "roster_partials_tracks_1" AS
select
  e.user_id,
  {'v': arg_min_null(e."p_feature", create_sort_key(e.ts, 'ASC NULLS LAST', e.message_id IS NOT NULL, 'ASC NULLS LAST', e.message_id, 'ASC NULLS LAST')) FILTER (WHERE e."p_feature" IS NOT NULL), 'k': min(create_sort_key(e.ts, 'ASC NULLS LAST', e.message_id IS NOT NULL, 'ASC NULLS LAST', e.message_id, 'ASC NULLS LAST')) FILTER (WHERE e."p_feature" IS NOT NULL)} AS "t_first_feature__r",
  {'v': arg_max_null(e."p_feature", create_sort_key(e.ts, 'ASC NULLS LAST', e.message_id IS NOT NULL, 'ASC NULLS LAST', e.message_id, 'ASC NULLS LAST')) FILTER (WHERE e."p_feature" IS NOT NULL), 'k': max(create_sort_key(e.ts, 'ASC NULLS LAST', e.message_id IS NOT NULL, 'ASC NULLS LAST', e.message_id, 'ASC NULLS LAST')) FILTER (WHERE e."p_feature" IS NOT NULL)} AS "t_last_feature__r"
from "roster_stage_tracks" as "e"
where e.event = 'Feature Used'
group by e.user_id;

-- Partial aggregates of every feature over tracks of event "Logged In", in one pass, per user.
CREATE OR REPLACE TEMPORARY TABLE "roster_partials_tracks_2" AS
select
  e.user_id,
  min(e.ts) AS "t_first_login__v",
  max(e.ts) AS "t_last_login__v"
from "roster_stage_tracks" as "e"
where e.event = 'Logged In'
group by e.user_id;

-- Every feature needed per user.
CREATE OR REPLACE TEMPORARY TABLE "roster_features_user" AS
select
  x.id,
  struct_extract(r1."t_first_feature__r", 'v') AS "t_first_feature",
  struct_extract(r1."t_last_feature__r", 'v') AS "t_last_feature",
  r2."t_first_login__v" AS "t_first_login",
  r2."t_last_login__v" AS "t_last_login"
from "roster_stage_users" as "x"
left join "roster_partials_tracks_1" as "r1" on r1.user_id = x.id
left join "roster_partials_tracks_2" as "r2" on r2.user_id = x.id;

-- Every feature needed per account.
CREATE OR REPLACE TEMPORARY TABLE "roster_features_account" AS
select x.id, r1."t_last_feature" AS "t_last_feature"
from "roster_stage_accounts" as "x"
left join (
  select
    m.account_id AS id,
    arg_max_null(struct_extract(p."t_last_feature__r", 'v'), struct_extract(p."t_last_feature__r", 'k')) FILTER (WHERE struct_extract(p."t_last_feature__r", 'k') IS NOT NULL) AS "t_last_feature"
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

drop view if exists "roster_stage_tracks";

drop table if exists "roster_stage_memberships";

drop table if exists "roster_stage_accounts";

drop table if exists "roster_stage_users";
