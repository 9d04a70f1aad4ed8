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

-- Per-value event counts for t_features (unique), t_n_features (count_unique), t_account_n_features (count_unique), one count per window and filter.
CREATE OR REPLACE TEMPORARY TABLE "roster_values_t_features" AS
select
  e.user_id,
  e."p_feature" AS value,
  count(*) AS "n1",
  count(CASE WHEN e.ts > CAST('2026-05-31T00:00:00.000Z' AS TIMESTAMPTZ) AND e.ts <= CAST('2026-06-30T00:00:00.000Z' AS TIMESTAMPTZ) THEN 1 END) AS "n2"
from "roster_stage_tracks" as "e"
where e.event = 'Feature Used'
group by e.user_id, e."p_feature"
having count(e."p_feature") > 0;

-- Every feature needed per user.
CREATE OR REPLACE TEMPORARY TABLE "roster_features_user" AS
select
  x.id,
  COALESCE(r1."t_features", CAST([] AS VARCHAR[])) AS "t_features",
  COALESCE(r1."t_n_features", CAST(0 AS DOUBLE)) AS "t_n_features"
from "roster_stage_users" as "x"
left join (
  select
    id,
    list(c.value ORDER BY c.value) FILTER (WHERE c.value IS NOT NULL AND (TRUE)) AS "t_features",
    CAST(count(*) AS DOUBLE) AS "t_n_features"
  from (
    select p.user_id AS id, p.value, p."n1" AS n
    from "roster_values_t_features" as "p"
  ) as "c"
  group by id
) as "r1" on r1.id = x.id;

-- Every feature needed per account.
CREATE OR REPLACE TEMPORARY TABLE "roster_features_account" AS
select
  x.id,
  COALESCE(r1."t_features", CAST([] AS VARCHAR[])) AS "t_features",
  COALESCE(r2."t_account_n_features", CAST(0 AS DOUBLE)) AS "t_account_n_features"
from "roster_stage_accounts" as "x"
left join (
  select
    id,
    list(c.value ORDER BY c.value) FILTER (WHERE c.value IS NOT NULL AND (TRUE)) AS "t_features"
  from (
    select m.account_id AS id, p.value, sum(p."n1") AS n
    from "roster_stage_memberships" as "m"
    inner join "roster_values_t_features" as "p" on p.user_id = m.user_id
    group by m.account_id, p.value
  ) as "c"
  group by id
) as "r1" on r1.id = x.id
left join (
  select id, CAST(count(*) AS DOUBLE) AS "t_account_n_features"
  from (
    select m.account_id AS id, p.value, sum(p."n2") AS n
    from "roster_stage_memberships" as "m"
    inner join "roster_values_t_features" as "p" on p.user_id = m.user_id
    where p."n2" > 0
    group by m.account_id, p.value
  ) as "c"
  group by id
) as "r2" on r2.id = x.id;

-- trait features (user)
select id, "t_features" AS value
from "roster_features_user"
where "t_features" is not null;

-- trait n_features (user)
select id, "t_n_features" AS value
from "roster_features_user"
where "t_n_features" is not null;

-- trait account_features (account)
select id, "t_features" AS value
from "roster_features_account"
where "t_features" is not null;

-- trait account_n_features (account)
select id, "t_account_n_features" AS value
from "roster_features_account"
where "t_account_n_features" is not null;

drop table if exists "roster_features_account";

drop table if exists "roster_features_user";

drop table if exists "roster_values_t_features";

drop view if exists "roster_stage_tracks";

drop table if exists "roster_stage_memberships";

drop table if exists "roster_stage_accounts";

drop table if exists "roster_stage_users";
