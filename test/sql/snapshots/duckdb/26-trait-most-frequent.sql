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
  s.event,
  CASE WHEN regexp_matches(s."p_feature", '^[-+.0-9\[{FINTfint]') THEN CASE WHEN json_type(s.roster_json, '$."feature"') = 'VARCHAR' THEN s."p_feature" END ELSE s."p_feature" END AS "p_feature"
from (
  select
    CAST(s."user_id" AS VARCHAR) AS user_id,
    CAST(s."timestamp" AS TIMESTAMPTZ) AS ts,
    CAST(s."event" AS VARCHAR) AS event,
    json_extract_string(CAST(s."properties" AS JSON), '$."feature"') AS "p_feature",
    CAST(s."properties" AS JSON) AS roster_json
  from "tracks" AS s
  where CAST(s."user_id" AS VARCHAR) IS NOT NULL
    and CAST(s."timestamp" AS TIMESTAMPTZ) <= CAST('2026-06-30T00:00:00.000Z' AS TIMESTAMPTZ)
    and CAST(s."event" AS VARCHAR) IN ('Feature Used')
) as "s";

-- Per-value event counts for t_top_feature (most_frequent), t_top_feature_min3 (most_frequent).
CREATE OR REPLACE TEMPORARY TABLE "roster_values_t_top_feature" AS
select e.user_id, e."p_feature" AS value, count(*) AS n
from "roster_stage_tracks" as "e"
where e.event = 'Feature Used'
group by e.user_id, e."p_feature"
having count(e."p_feature") > 0;

-- Every feature needed per user.
CREATE OR REPLACE TEMPORARY TABLE "roster_features_user" AS
select
  x.id,
  r1."t_top_feature" AS "t_top_feature",
  r1."t_top_feature_min3" AS "t_top_feature_min3"
from "roster_stage_users" as "x"
left join (
  select
    id,
    CASE WHEN max(c.n) >= CAST(1 AS DOUBLE) THEN arg_min(c.value, {'n': -(c.n), 'o': c.value}) END AS "t_top_feature",
    CASE WHEN max(c.n) >= CAST(3 AS DOUBLE) THEN arg_min(c.value, {'n': -(c.n), 'o': c.value}) END AS "t_top_feature_min3"
  from (
    select p.user_id AS id, p.value, p."n" AS n
    from "roster_values_t_top_feature" as "p"
  ) as "c"
  group by id
) as "r1" on r1.id = x.id;

-- Every feature needed per account.
CREATE OR REPLACE TEMPORARY TABLE "roster_features_account" AS
select x.id, r1."t_top_feature" AS "t_top_feature"
from "roster_stage_accounts" as "x"
left join (
  select
    id,
    CASE WHEN max(c.n) >= CAST(1 AS DOUBLE) THEN arg_min(c.value, {'n': -(c.n), 'o': c.value}) END AS "t_top_feature"
  from (
    select m.account_id AS id, p.value, sum(p."n") AS n
    from "roster_stage_memberships" as "m"
    inner join "roster_values_t_top_feature" as "p" on p.user_id = m.user_id
    group by m.account_id, p.value
  ) as "c"
  group by id
) as "r1" on r1.id = x.id;

-- trait top_feature (user)
select id, "t_top_feature" AS value
from "roster_features_user"
where "t_top_feature" is not null;

-- trait top_feature_min3 (user)
select id, "t_top_feature_min3" AS value
from "roster_features_user"
where "t_top_feature_min3" is not null;

-- trait account_top_feature (account)
select id, "t_top_feature" AS value
from "roster_features_account"
where "t_top_feature" is not null;

drop table if exists "roster_features_account";

drop table if exists "roster_features_user";

drop table if exists "roster_values_t_top_feature";

drop view if exists "roster_stage_tracks";

drop table if exists "roster_stage_memberships";

drop table if exists "roster_stage_accounts";

drop table if exists "roster_stage_users";
