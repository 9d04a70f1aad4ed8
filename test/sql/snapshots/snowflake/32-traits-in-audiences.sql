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
  CASE WHEN CAST(s."EVENT" AS VARCHAR) IN ('Feature Used') THEN CASE WHEN IS_VARCHAR(GET(s."PROPERTIES", 'feature')) THEN CAST(GET(s."PROPERTIES", 'feature') AS VARCHAR) END END AS "P_FEATURE"
from "TRACKS" AS s
where CAST(s."USER_ID" AS VARCHAR) IS NOT NULL
  and CAST(s."TIMESTAMP" AS TIMESTAMP_TZ) <= TO_TIMESTAMP_TZ('2026-06-30 00:00:00.000+00:00', 'YYYY-MM-DD HH24:MI:SS.FF3TZH:TZM')
  and CAST(s."EVENT" AS VARCHAR) IN ('Feature Used', 'Logged In');

-- Partial aggregates of every feature over tracks, in one pass, per user.
CREATE OR REPLACE TEMPORARY TABLE "ROSTER_PARTIALS_TRACKS" AS
select
  e.user_id,
  max(CASE WHEN e.event = 'Logged In' THEN e.ts END) AS "T_LAST_LOGIN__V"
from "ROSTER_STAGE_TRACKS" as "E"
group by e.user_id;

-- Per-value event counts for t_top_feature (most_frequent).
CREATE OR REPLACE TEMPORARY TABLE "ROSTER_VALUES_T_TOP_FEATURE" AS
select e.user_id, e."P_FEATURE" AS value, count(*) AS n
from "ROSTER_STAGE_TRACKS" as "E"
where e."P_FEATURE" IS NOT NULL AND e.event = 'Feature Used'
group by e.user_id, e."P_FEATURE";

-- Every feature needed per user.
CREATE OR REPLACE TEMPORARY TABLE "ROSTER_FEATURES_USER" AS
select
  x.id,
  r1."T_LAST_LOGIN__V" AS "T_LAST_LOGIN",
  r2."T_TOP_FEATURE" AS "T_TOP_FEATURE"
from "ROSTER_STAGE_USERS" as "X"
left join "ROSTER_PARTIALS_TRACKS" as "R1" on r1.user_id = x.id
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
) as "R2" on r2.id = x.id;

-- No event features per account.
CREATE OR REPLACE TEMPORARY TABLE "ROSTER_FEATURES_ACCOUNT" AS
select x.id
from "ROSTER_STAGE_ACCOUNTS" as "X";

-- audience dormant
CREATE OR REPLACE TEMPORARY TABLE "ROSTER_AUDIENCE_DORMANT" AS
select e.id
from "ROSTER_STAGE_USERS" as "E"
left join "ROSTER_FEATURES_USER" as "F" on "F"."ID" = "E"."ID"
where (COALESCE(f."T_LAST_LOGIN" < TO_TIMESTAMP_TZ('2026-06-01 00:00:00.000+00:00', 'YYYY-MM-DD HH24:MI:SS.FF3TZH:TZM'), FALSE)
  OR (NOT COALESCE(f."T_LAST_LOGIN" IS NOT NULL, FALSE)));

-- audience recently_seen
CREATE OR REPLACE TEMPORARY TABLE "ROSTER_AUDIENCE_RECENTLY_SEEN" AS
select e.id
from "ROSTER_STAGE_USERS" as "E"
left join "ROSTER_FEATURES_USER" as "F" on "F"."ID" = "E"."ID"
where COALESCE(f."T_LAST_LOGIN" > TO_TIMESTAMP_TZ('2026-06-23 00:00:00.000+00:00', 'YYYY-MM-DD HH24:MI:SS.FF3TZH:TZM') AND f."T_LAST_LOGIN" <= TO_TIMESTAMP_TZ('2026-06-30 00:00:00.000+00:00', 'YYYY-MM-DD HH24:MI:SS.FF3TZH:TZM'), FALSE);

-- audience top_exporters
CREATE OR REPLACE TEMPORARY TABLE "ROSTER_AUDIENCE_TOP_EXPORTERS" AS
select e.id
from "ROSTER_STAGE_USERS" as "E"
left join "ROSTER_FEATURES_USER" as "F" on "F"."ID" = "E"."ID"
where COALESCE(f."T_TOP_FEATURE" = 'export', FALSE);

-- audience not_exporters
CREATE OR REPLACE TEMPORARY TABLE "ROSTER_AUDIENCE_NOT_EXPORTERS" AS
select e.id
from "ROSTER_STAGE_USERS" as "E"
left join "ROSTER_FEATURES_USER" as "F" on "F"."ID" = "E"."ID"
where (NOT COALESCE(f."T_TOP_FEATURE" = 'export', FALSE));

-- trait last_login (user)
select id, "T_LAST_LOGIN" AS value
from "ROSTER_FEATURES_USER"
where "T_LAST_LOGIN" is not null;

-- audience dormant (user)
select id
from "ROSTER_AUDIENCE_DORMANT";

-- audience recently_seen (user)
select id
from "ROSTER_AUDIENCE_RECENTLY_SEEN";

-- trait top_feature (user)
select id, "T_TOP_FEATURE" AS value
from "ROSTER_FEATURES_USER"
where "T_TOP_FEATURE" is not null;

-- audience top_exporters (user)
select id
from "ROSTER_AUDIENCE_TOP_EXPORTERS";

-- audience not_exporters (user)
select id
from "ROSTER_AUDIENCE_NOT_EXPORTERS";

drop table if exists "ROSTER_AUDIENCE_NOT_EXPORTERS";

drop table if exists "ROSTER_AUDIENCE_TOP_EXPORTERS";

drop table if exists "ROSTER_AUDIENCE_RECENTLY_SEEN";

drop table if exists "ROSTER_AUDIENCE_DORMANT";

drop table if exists "ROSTER_FEATURES_ACCOUNT";

drop table if exists "ROSTER_FEATURES_USER";

drop table if exists "ROSTER_VALUES_T_TOP_FEATURE";

drop table if exists "ROSTER_PARTIALS_TRACKS";

drop table if exists "ROSTER_STAGE_TRACKS";

drop table if exists "ROSTER_STAGE_MEMBERSHIPS";

drop table if exists "ROSTER_STAGE_ACCOUNTS";

drop table if exists "ROSTER_STAGE_USERS";
