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
  CASE WHEN CAST(s."EVENT" AS VARCHAR) IN ('Order Completed') THEN CASE WHEN IS_REAL(GET(s."PROPERTIES", 'revenue')) THEN CAST(GET(s."PROPERTIES", 'revenue') AS DOUBLE) END END AS "P_REVENUE",
  CASE WHEN CAST(s."EVENT" AS VARCHAR) IN ('NPS Submitted') THEN CASE WHEN IS_REAL(GET(s."PROPERTIES", 'score')) THEN CAST(GET(s."PROPERTIES", 'score') AS DOUBLE) END END AS "P_SCORE"
from "TRACKS" AS s
where CAST(s."USER_ID" AS VARCHAR) IS NOT NULL
  and CAST(s."TIMESTAMP" AS TIMESTAMP_TZ) <= TO_TIMESTAMP_TZ('2026-06-30 00:00:00.000+00:00', 'YYYY-MM-DD HH24:MI:SS.FF3TZH:TZM')
  and CAST(s."EVENT" AS VARCHAR) IN ('NPS Submitted', 'Order Completed');

-- Partial aggregates of every feature over tracks, in one pass, per user.
CREATE OR REPLACE TEMPORARY TABLE "ROSTER_PARTIALS_TRACKS" AS
select
  e.user_id,
  sum(CASE WHEN e.event = 'NPS Submitted' THEN e."P_SCORE" END) AS "T_AVG_SCORE__S",
  count(CASE WHEN e.event = 'NPS Submitted' THEN e."P_SCORE" END) AS "T_AVG_SCORE__N",
  min(CASE WHEN e.event = 'NPS Submitted' THEN e."P_SCORE" END) AS "T_MIN_SCORE__V",
  max(CASE WHEN e.event = 'NPS Submitted' THEN e."P_SCORE" END) AS "T_MAX_SCORE__V",
  sum(CASE WHEN e.event = 'NPS Submitted' AND e.ts > TO_TIMESTAMP_TZ('2026-05-31 00:00:00.000+00:00', 'YYYY-MM-DD HH24:MI:SS.FF3TZH:TZM') AND e.ts <= TO_TIMESTAMP_TZ('2026-06-30 00:00:00.000+00:00', 'YYYY-MM-DD HH24:MI:SS.FF3TZH:TZM') THEN e."P_SCORE" END) AS "T_ACCOUNT_AVG_SCORE__S",
  count(CASE WHEN e.event = 'NPS Submitted' AND e.ts > TO_TIMESTAMP_TZ('2026-05-31 00:00:00.000+00:00', 'YYYY-MM-DD HH24:MI:SS.FF3TZH:TZM') AND e.ts <= TO_TIMESTAMP_TZ('2026-06-30 00:00:00.000+00:00', 'YYYY-MM-DD HH24:MI:SS.FF3TZH:TZM') THEN e."P_SCORE" END) AS "T_ACCOUNT_AVG_SCORE__N",
  max(CASE WHEN e.event = 'Order Completed' THEN e."P_REVENUE" END) AS "T_MAX_ORDER__V"
from "ROSTER_STAGE_TRACKS" as "E"
group by e.user_id;

-- Every feature needed per user.
CREATE OR REPLACE TEMPORARY TABLE "ROSTER_FEATURES_USER" AS
select
  x.id,
  CAST(r1."T_AVG_SCORE__S" / NULLIF(r1."T_AVG_SCORE__N", 0) AS DOUBLE) AS "T_AVG_SCORE",
  r1."T_MIN_SCORE__V" AS "T_MIN_SCORE",
  r1."T_MAX_SCORE__V" AS "T_MAX_SCORE"
from "ROSTER_STAGE_USERS" as "X"
left join "ROSTER_PARTIALS_TRACKS" as "R1" on r1.user_id = x.id;

-- Every feature needed per account.
CREATE OR REPLACE TEMPORARY TABLE "ROSTER_FEATURES_ACCOUNT" AS
select
  x.id,
  r1."T_ACCOUNT_AVG_SCORE" AS "T_ACCOUNT_AVG_SCORE",
  r1."T_MAX_ORDER" AS "T_MAX_ORDER"
from "ROSTER_STAGE_ACCOUNTS" as "X"
left join (
  select
    m.account_id AS id,
    CAST(sum(p."T_ACCOUNT_AVG_SCORE__S") / NULLIF(sum(p."T_ACCOUNT_AVG_SCORE__N"), 0) AS DOUBLE) AS "T_ACCOUNT_AVG_SCORE",
    max(p."T_MAX_ORDER__V") AS "T_MAX_ORDER"
  from "ROSTER_STAGE_MEMBERSHIPS" as "M"
  inner join "ROSTER_PARTIALS_TRACKS" as "P" on p.user_id = m.user_id
  group by m.account_id
) as "R1" on r1.id = x.id;

-- trait avg_score (user)
select id, "T_AVG_SCORE" AS value
from "ROSTER_FEATURES_USER"
where "T_AVG_SCORE" is not null;

-- trait min_score (user)
select id, "T_MIN_SCORE" AS value
from "ROSTER_FEATURES_USER"
where "T_MIN_SCORE" is not null;

-- trait max_score (user)
select id, "T_MAX_SCORE" AS value
from "ROSTER_FEATURES_USER"
where "T_MAX_SCORE" is not null;

-- trait account_avg_score (account)
select id, "T_ACCOUNT_AVG_SCORE" AS value
from "ROSTER_FEATURES_ACCOUNT"
where "T_ACCOUNT_AVG_SCORE" is not null;

-- trait max_order (account)
select id, "T_MAX_ORDER" AS value
from "ROSTER_FEATURES_ACCOUNT"
where "T_MAX_ORDER" is not null;

drop table if exists "ROSTER_FEATURES_ACCOUNT";

drop table if exists "ROSTER_FEATURES_USER";

drop table if exists "ROSTER_PARTIALS_TRACKS";

drop table if exists "ROSTER_STAGE_TRACKS";

drop table if exists "ROSTER_STAGE_MEMBERSHIPS";

drop table if exists "ROSTER_STAGE_ACCOUNTS";

drop table if exists "ROSTER_STAGE_USERS";
