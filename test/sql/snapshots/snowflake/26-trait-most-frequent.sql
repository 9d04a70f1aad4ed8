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

-- Per-value event counts for t_top_feature (most_frequent), t_top_feature_min3 (most_frequent).
CREATE OR REPLACE TEMPORARY TABLE "ROSTER_VALUES_T_TOP_FEATURE" AS
select e.user_id, e."P_FEATURE" AS value, count(*) AS n
from "ROSTER_STAGE_TRACKS" as "E"
where e."P_FEATURE" IS NOT NULL AND e.event = 'Feature Used'
group by e.user_id, e."P_FEATURE";

-- Every feature needed per user.
CREATE OR REPLACE TEMPORARY TABLE "ROSTER_FEATURES_USER" AS
select
  x.id,
  r1."T_TOP_FEATURE" AS "T_TOP_FEATURE",
  r2."T_TOP_FEATURE_MIN3" AS "T_TOP_FEATURE_MIN3"
from "ROSTER_STAGE_USERS" as "X"
left join (
  select id, value AS "T_TOP_FEATURE"
  from (
    select
      c.*, row_number() OVER (PARTITION BY c.id ORDER BY c.n DESC, (c.value) COLLATE 'utf8' ASC) AS r
    from (
      select p.user_id AS id, p.value, p."N" AS n
      from "ROSTER_VALUES_T_TOP_FEATURE" as "P"
    ) as "C"
  ) as "RANKED"
  where r = 1 AND n >= CAST(1 AS DOUBLE)
) as "R1" on r1.id = x.id
left join (
  select id, value AS "T_TOP_FEATURE_MIN3"
  from (
    select
      c.*, row_number() OVER (PARTITION BY c.id ORDER BY c.n DESC, (c.value) COLLATE 'utf8' ASC) AS r
    from (
      select p.user_id AS id, p.value, p."N" AS n
      from "ROSTER_VALUES_T_TOP_FEATURE" as "P"
    ) as "C"
  ) as "RANKED"
  where r = 1 AND n >= CAST(3 AS DOUBLE)
) as "R2" on r2.id = x.id;

-- Every feature needed per account.
CREATE OR REPLACE TEMPORARY TABLE "ROSTER_FEATURES_ACCOUNT" AS
select x.id, r1."T_TOP_FEATURE" AS "T_TOP_FEATURE"
from "ROSTER_STAGE_ACCOUNTS" as "X"
left join (
  select id, value AS "T_TOP_FEATURE"
  from (
    select
      c.*, row_number() OVER (PARTITION BY c.id ORDER BY c.n DESC, (c.value) COLLATE 'utf8' ASC) AS r
    from (
      select m.account_id AS id, p.value, sum(p."N") AS n
      from "ROSTER_STAGE_MEMBERSHIPS" as "M"
      inner join "ROSTER_VALUES_T_TOP_FEATURE" as "P" on p.user_id = m.user_id
      group by m.account_id, p.value
    ) as "C"
  ) as "RANKED"
  where r = 1 AND n >= CAST(1 AS DOUBLE)
) as "R1" on r1.id = x.id;

-- trait top_feature (user)
select id, "T_TOP_FEATURE" AS value
from "ROSTER_FEATURES_USER"
where "T_TOP_FEATURE" is not null;

-- trait top_feature_min3 (user)
select id, "T_TOP_FEATURE_MIN3" AS value
from "ROSTER_FEATURES_USER"
where "T_TOP_FEATURE_MIN3" is not null;

-- trait account_top_feature (account)
select id, "T_TOP_FEATURE" AS value
from "ROSTER_FEATURES_ACCOUNT"
where "T_TOP_FEATURE" is not null;

drop table if exists "ROSTER_FEATURES_ACCOUNT";

drop table if exists "ROSTER_FEATURES_USER";

drop table if exists "ROSTER_VALUES_T_TOP_FEATURE";

drop table if exists "ROSTER_STAGE_TRACKS";

drop table if exists "ROSTER_STAGE_MEMBERSHIPS";

drop table if exists "ROSTER_STAGE_ACCOUNTS";

drop table if exists "ROSTER_STAGE_USERS";
