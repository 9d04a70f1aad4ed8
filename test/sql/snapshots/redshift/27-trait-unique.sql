-- roster: redshift script for now = 2026-06-30T00:00:00.000Z

-- Every user (distinct non-null ids) with the custom traits the project reads.
CREATE TEMPORARY TABLE "roster_stage_users" AS
select d.id
from (
  select
    CAST(s."id" AS VARCHAR(65535)) AS id,
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
  CAST(s."event" AS VARCHAR(65535)) AS event,
  CASE WHEN JSON_TYPEOF(s."properties"['feature']) = 'string' THEN CAST(s."properties"['feature'] AS VARCHAR(65535)) END AS "p_feature"
from "tracks" AS s
where CAST(s."user_id" AS VARCHAR(65535)) IS NOT NULL
  and CAST(s."timestamp" AS TIMESTAMPTZ) <= CAST('2026-06-30 00:00:00.000+00:00' AS TIMESTAMPTZ)
  and CAST(s."event" AS VARCHAR(65535)) IN ('Feature Used');

-- Per-value event counts for t_features (unique), t_n_features (count_unique), t_account_n_features (count_unique), one count per window and filter.
CREATE TEMPORARY TABLE "roster_values_t_features" AS
select
  e.user_id,
  MIN(e."p_feature") AS value,
  count(*) AS "n1",
  count(CASE WHEN e.ts > CAST('2026-05-31 00:00:00.000+00:00' AS TIMESTAMPTZ) AND e.ts <= CAST('2026-06-30 00:00:00.000+00:00' AS TIMESTAMPTZ) THEN 1 END) AS "n2"
from "roster_stage_tracks" as "e"
where e."p_feature" IS NOT NULL AND e.event = 'Feature Used'
group by e.user_id, (e."p_feature" || CHR(1));

-- Every feature needed per user.
CREATE TEMPORARY TABLE "roster_features_user" AS
select
  x.id,
  COALESCE(r1."t_features", JSON_PARSE('[]')) AS "t_features",
  COALESCE(r1."t_n_features", CAST(0 AS DOUBLE PRECISION)) AS "t_n_features"
from "roster_stage_users" as "x"
left join (
  select
    id,
    JSON_PARSE('[' || LISTAGG(JSON_SERIALIZE(CAST(c.value AS SUPER)), ',') WITHIN GROUP (ORDER BY (c.value || CHR(1))) || ']') AS "t_features",
    CAST(count(*) AS DOUBLE PRECISION) AS "t_n_features"
  from (
    select p.user_id AS id, p.value, p."n1" AS n
    from "roster_values_t_features" as "p"
  ) as "c"
  group by id
) as "r1" on r1.id = x.id;

-- Every feature needed per account.
CREATE TEMPORARY TABLE "roster_features_account" AS
select
  x.id,
  COALESCE(r1."t_features", JSON_PARSE('[]')) AS "t_features",
  COALESCE(r2."t_account_n_features", CAST(0 AS DOUBLE PRECISION)) AS "t_account_n_features"
from "roster_stage_accounts" as "x"
left join (
  select
    id,
    JSON_PARSE('[' || LISTAGG(JSON_SERIALIZE(CAST(c.value AS SUPER)), ',') WITHIN GROUP (ORDER BY (c.value || CHR(1))) || ']') AS "t_features"
  from (
    select m.account_id AS id, MIN(p.value) AS value, sum(p."n1") AS n
    from "roster_stage_memberships" as "m"
    inner join "roster_values_t_features" as "p" on p.user_id = m.user_id
    group by m.account_id, (p.value || CHR(1))
  ) as "c"
  group by id
) as "r1" on r1.id = x.id
left join (
  select
    id,
    CAST(count(*) AS DOUBLE PRECISION) AS "t_account_n_features"
  from (
    select m.account_id AS id, MIN(p.value) AS value, sum(p."n2") AS n
    from "roster_stage_memberships" as "m"
    inner join "roster_values_t_features" as "p" on p.user_id = m.user_id
    where p."n2" > 0
    group by m.account_id, (p.value || CHR(1))
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

drop table if exists "roster_stage_tracks";

drop table if exists "roster_stage_memberships";

drop table if exists "roster_stage_accounts";

drop table if exists "roster_stage_users";
