-- roster: snowflake script for now = 2026-06-30T00:00:00.000Z

-- Every user (distinct non-null ids) with the custom traits the project reads.
CREATE OR REPLACE TEMPORARY TABLE "ROSTER_STAGE_USERS" AS
select d.id
from (
  select
    CAST(s."ID" AS VARCHAR) AS id,
    row_number() OVER (PARTITION BY CAST(s."ID" AS VARCHAR) ORDER BY CAST(s."ID" AS VARCHAR)) AS roster_row
  from "USERS" AS s
  where CAST(s."ID" AS VARCHAR) IS NOT NULL
) as "D"
where d.roster_row = 1;

-- Every account (distinct non-null ids) with the custom traits the project reads.
CREATE OR REPLACE TEMPORARY TABLE "ROSTER_STAGE_ACCOUNTS" AS
select d.id
from (
  select
    CAST(s."ID" AS VARCHAR) AS id,
    row_number() OVER (PARTITION BY CAST(s."ID" AS VARCHAR) ORDER BY CAST(s."ID" AS VARCHAR)) AS roster_row
  from "ACCOUNTS" AS s
  where CAST(s."ID" AS VARCHAR) IS NOT NULL
) as "D"
where d.roster_row = 1;

-- Distinct (user, account) pairs whose user and account both exist.
CREATE OR REPLACE TEMPORARY TABLE "ROSTER_STAGE_MEMBERSHIPS" AS
select distinct
  CAST(s."USER_ID" AS VARCHAR) AS user_id,
  CAST(s."ACCOUNT_ID" AS VARCHAR) AS account_id
from "MEMBERSHIPS" AS s
where CAST(s."USER_ID" AS VARCHAR) in (
  select id
  from "ROSTER_STAGE_USERS"
)
  and CAST(s."ACCOUNT_ID" AS VARCHAR) in (
  select id
  from "ROSTER_STAGE_ACCOUNTS"
);

-- The one scan of tracks: events up to now, only what the project reads.
CREATE OR REPLACE TEMPORARY TABLE "ROSTER_STAGE_TRACKS" AS
select
  CAST(s."USER_ID" AS VARCHAR) AS user_id,
  CAST(s."TIMESTAMP" AS TIMESTAMP_TZ) AS ts,
  CAST(s."EVENT" AS VARCHAR) AS event,
  CASE WHEN IS_VARCHAR(GET(s."PROPERTIES", 'feature')) THEN CAST(GET(s."PROPERTIES", 'feature') AS VARCHAR) END AS "P_FEATURE"
from "TRACKS" AS s
where CAST(s."USER_ID" AS VARCHAR) IS NOT NULL
  and CAST(s."TIMESTAMP" AS TIMESTAMP_TZ) <= TO_TIMESTAMP_TZ('2026-06-30 00:00:00.000+00:00', 'YYYY-MM-DD HH24:MI:SS.FF3TZH:TZM')
  and CAST(s."EVENT" AS VARCHAR) IN ('Feature Used');

-- Per-value event counts for t_features (unique), t_n_features (count_unique), t_account_n_features (count_unique), one count per window and filter.
CREATE OR REPLACE TEMPORARY TABLE "ROSTER_VALUES_T_FEATURES" AS
select
  e.user_id,
  e."P_FEATURE" AS value,
  count(*) AS "N1",
  count(CASE WHEN e.ts > TO_TIMESTAMP_TZ('2026-05-31 00:00:00.000+00:00', 'YYYY-MM-DD HH24:MI:SS.FF3TZH:TZM') AND e.ts <= TO_TIMESTAMP_TZ('2026-06-30 00:00:00.000+00:00', 'YYYY-MM-DD HH24:MI:SS.FF3TZH:TZM') THEN 1 END) AS "N2"
from "ROSTER_STAGE_TRACKS" as "E"
where e."P_FEATURE" IS NOT NULL AND e.event = 'Feature Used'
group by e.user_id, e."P_FEATURE";

-- Every feature needed per user.
CREATE OR REPLACE TEMPORARY TABLE "ROSTER_FEATURES_USER" AS
select
  x.id,
  COALESCE(r1."T_FEATURES", ARRAY_CONSTRUCT()) AS "T_FEATURES",
  COALESCE(r1."T_N_FEATURES", CAST(0 AS DOUBLE)) AS "T_N_FEATURES"
from "ROSTER_STAGE_USERS" as "X"
left join (
  select
    id,
    ARRAY_AGG(DISTINCT c.value) WITHIN GROUP (ORDER BY c.value) AS "T_FEATURES",
    CAST(count(*) AS DOUBLE) AS "T_N_FEATURES"
  from (
    select p.user_id AS id, p.value, p."N1" AS n
    from "ROSTER_VALUES_T_FEATURES" as "P"
  ) as "C"
  group by id
) as "R1" on r1.id = x.id;

-- Every feature needed per account.
CREATE OR REPLACE TEMPORARY TABLE "ROSTER_FEATURES_ACCOUNT" AS
select
  x.id,
  COALESCE(r1."T_FEATURES", ARRAY_CONSTRUCT()) AS "T_FEATURES",
  COALESCE(r2."T_ACCOUNT_N_FEATURES", CAST(0 AS DOUBLE)) AS "T_ACCOUNT_N_FEATURES"
from "ROSTER_STAGE_ACCOUNTS" as "X"
left join (
  select
    id,
    ARRAY_AGG(DISTINCT c.value) WITHIN GROUP (ORDER BY c.value) AS "T_FEATURES"
  from (
    select m.account_id AS id, p.value, sum(p."N1") AS n
    from "ROSTER_STAGE_MEMBERSHIPS" as "M"
    inner join "ROSTER_VALUES_T_FEATURES" as "P" on p.user_id = m.user_id
    group by m.account_id, p.value
  ) as "C"
  group by id
) as "R1" on r1.id = x.id
left join (
  select id, CAST(count(*) AS DOUBLE) AS "T_ACCOUNT_N_FEATURES"
  from (
    select m.account_id AS id, p.value, sum(p."N2") AS n
    from "ROSTER_STAGE_MEMBERSHIPS" as "M"
    inner join "ROSTER_VALUES_T_FEATURES" as "P" on p.user_id = m.user_id
    where p."N2" > 0
    group by m.account_id, p.value
  ) as "C"
  group by id
) as "R2" on r2.id = x.id;

-- trait features (user)
select id, "T_FEATURES" AS value
from "ROSTER_FEATURES_USER"
where "T_FEATURES" is not null;

-- trait n_features (user)
select id, "T_N_FEATURES" AS value
from "ROSTER_FEATURES_USER"
where "T_N_FEATURES" is not null;

-- trait account_features (account)
select id, "T_FEATURES" AS value
from "ROSTER_FEATURES_ACCOUNT"
where "T_FEATURES" is not null;

-- trait account_n_features (account)
select id, "T_ACCOUNT_N_FEATURES" AS value
from "ROSTER_FEATURES_ACCOUNT"
where "T_ACCOUNT_N_FEATURES" is not null;

drop table if exists "ROSTER_FEATURES_ACCOUNT";

drop table if exists "ROSTER_FEATURES_USER";

drop table if exists "ROSTER_VALUES_T_FEATURES";

drop table if exists "ROSTER_STAGE_TRACKS";

drop table if exists "ROSTER_STAGE_MEMBERSHIPS";

drop table if exists "ROSTER_STAGE_ACCOUNTS";

drop table if exists "ROSTER_STAGE_USERS";
