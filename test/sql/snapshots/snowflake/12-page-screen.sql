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

-- The one scan of pages: events up to now, only what the project reads.
CREATE OR REPLACE TEMPORARY TABLE "ROSTER_STAGE_PAGES" AS
select
  CAST(s."USER_ID" AS VARCHAR) AS user_id,
  CAST(s."TIMESTAMP" AS TIMESTAMP_TZ) AS ts,
  CASE WHEN IS_VARCHAR(GET(s."PROPERTIES", 'path')) THEN CAST(GET(s."PROPERTIES", 'path') AS VARCHAR) END AS "P_PATH"
from "PAGES" AS s
where CAST(s."USER_ID" AS VARCHAR) IS NOT NULL
  and CAST(s."TIMESTAMP" AS TIMESTAMP_TZ) <= TO_TIMESTAMP_TZ('2026-06-30 00:00:00.000+00:00', 'YYYY-MM-DD HH24:MI:SS.FF3TZH:TZM');

-- The one scan of screens: events up to now, only what the project reads.
CREATE OR REPLACE TEMPORARY TABLE "ROSTER_STAGE_SCREENS" AS
select
  CAST(s."USER_ID" AS VARCHAR) AS user_id,
  CAST(s."TIMESTAMP" AS TIMESTAMP_TZ) AS ts,
  CASE WHEN IS_VARCHAR(GET(s."PROPERTIES", 'name')) THEN CAST(GET(s."PROPERTIES", 'name') AS VARCHAR) END AS "P_NAME"
from "SCREENS" AS s
where CAST(s."USER_ID" AS VARCHAR) IS NOT NULL
  and CAST(s."TIMESTAMP" AS TIMESTAMP_TZ) <= TO_TIMESTAMP_TZ('2026-06-30 00:00:00.000+00:00', 'YYYY-MM-DD HH24:MI:SS.FF3TZH:TZM');

-- Partial aggregates of every feature over pages, in one pass, per user.
CREATE OR REPLACE TEMPORARY TABLE "ROSTER_PARTIALS_PAGES" AS
select
  e.user_id,
  count(CASE WHEN e.ts > TO_TIMESTAMP_TZ('2026-05-31 00:00:00.000+00:00', 'YYYY-MM-DD HH24:MI:SS.FF3TZH:TZM') AND e.ts <= TO_TIMESTAMP_TZ('2026-06-30 00:00:00.000+00:00', 'YYYY-MM-DD HH24:MI:SS.FF3TZH:TZM') AND COALESCE(e."P_PATH" = '/pricing', FALSE) THEN 1 END) AS "F1__N",
  count(*) AS "F3__N",
  count(CASE WHEN COALESCE(e."P_PATH" = '/pricing', FALSE) THEN 1 END) AS "T_PRICING_VIEWS__N"
from "ROSTER_STAGE_PAGES" as "E"
group by e.user_id;

-- Partial aggregates of every feature over screens, in one pass, per user.
CREATE OR REPLACE TEMPORARY TABLE "ROSTER_PARTIALS_SCREENS" AS
select
  e.user_id,
  count(CASE WHEN COALESCE(e."P_NAME" = 'Home', FALSE) THEN 1 END) AS "F2__N"
from "ROSTER_STAGE_SCREENS" as "E"
group by e.user_id;

-- Every feature needed per user.
CREATE OR REPLACE TEMPORARY TABLE "ROSTER_FEATURES_USER" AS
select
  x.id,
  COALESCE(CAST(r1."F1__N" AS DOUBLE), CAST(0 AS DOUBLE)) AS "F1",
  COALESCE(CAST(r1."F3__N" AS DOUBLE), CAST(0 AS DOUBLE)) AS "F3",
  COALESCE(CAST(r1."T_PRICING_VIEWS__N" AS DOUBLE), CAST(0 AS DOUBLE)) AS "T_PRICING_VIEWS",
  COALESCE(CAST(r2."F2__N" AS DOUBLE), CAST(0 AS DOUBLE)) AS "F2"
from "ROSTER_STAGE_USERS" as "X"
left join "ROSTER_PARTIALS_PAGES" as "R1" on r1.user_id = x.id
left join "ROSTER_PARTIALS_SCREENS" as "R2" on r2.user_id = x.id;

-- No event features per account.
CREATE OR REPLACE TEMPORARY TABLE "ROSTER_FEATURES_ACCOUNT" AS
select x.id
from "ROSTER_STAGE_ACCOUNTS" as "X";

-- Per account: its users, and how many of them satisfy each quantifier body, in one pass.
CREATE OR REPLACE TEMPORARY TABLE "ROSTER_QUANTIFIED_ACCOUNT" AS
select
  m.account_id AS id,
  count(*) AS n,
  count(CASE WHEN COALESCE(fu."F1" >= CAST(1 AS DOUBLE), FALSE) THEN 1 END) AS "Q1"
from "ROSTER_STAGE_MEMBERSHIPS" as "M"
inner join "ROSTER_STAGE_USERS" as "U" on u.id = m.user_id
left join "ROSTER_FEATURES_USER" as "FU" on fu.id = u.id
group by m.account_id;

-- audience pricing_viewers
CREATE OR REPLACE TEMPORARY TABLE "ROSTER_AUDIENCE_PRICING_VIEWERS" AS
select e.id
from "ROSTER_STAGE_USERS" as "E"
left join "ROSTER_FEATURES_USER" as "F" on "F"."ID" = "E"."ID"
where COALESCE(f."F1" >= CAST(1 AS DOUBLE), FALSE);

-- audience app_home
CREATE OR REPLACE TEMPORARY TABLE "ROSTER_AUDIENCE_APP_HOME" AS
select e.id
from "ROSTER_STAGE_USERS" as "E"
left join "ROSTER_FEATURES_USER" as "F" on "F"."ID" = "E"."ID"
where COALESCE(f."F2" >= CAST(2 AS DOUBLE), FALSE);

-- audience any_page
CREATE OR REPLACE TEMPORARY TABLE "ROSTER_AUDIENCE_ANY_PAGE" AS
select e.id
from "ROSTER_STAGE_USERS" as "E"
left join "ROSTER_FEATURES_USER" as "F" on "F"."ID" = "E"."ID"
where COALESCE(f."F3" >= CAST(1 AS DOUBLE), FALSE);

-- audience pricing_accounts
CREATE OR REPLACE TEMPORARY TABLE "ROSTER_AUDIENCE_PRICING_ACCOUNTS" AS
select e.id
from "ROSTER_STAGE_ACCOUNTS" as "E"
left join "ROSTER_FEATURES_ACCOUNT" as "F" on "F"."ID" = "E"."ID"
left join "ROSTER_QUANTIFIED_ACCOUNT" as "G" on "G"."ID" = "E"."ID"
where (COALESCE(g."Q1", CAST(0 AS DOUBLE)) > CAST(0 AS DOUBLE));

-- audience pricing_viewers (user)
select id
from "ROSTER_AUDIENCE_PRICING_VIEWERS";

-- audience app_home (user)
select id
from "ROSTER_AUDIENCE_APP_HOME";

-- audience any_page (user)
select id
from "ROSTER_AUDIENCE_ANY_PAGE";

-- trait pricing_views (user)
select id, "T_PRICING_VIEWS" AS value
from "ROSTER_FEATURES_USER"
where "T_PRICING_VIEWS" is not null;

-- audience pricing_accounts (account)
select id
from "ROSTER_AUDIENCE_PRICING_ACCOUNTS";

drop table if exists "ROSTER_AUDIENCE_PRICING_ACCOUNTS";

drop table if exists "ROSTER_AUDIENCE_ANY_PAGE";

drop table if exists "ROSTER_AUDIENCE_APP_HOME";

drop table if exists "ROSTER_AUDIENCE_PRICING_VIEWERS";

drop table if exists "ROSTER_QUANTIFIED_ACCOUNT";

drop table if exists "ROSTER_FEATURES_ACCOUNT";

drop table if exists "ROSTER_FEATURES_USER";

drop table if exists "ROSTER_PARTIALS_SCREENS";

drop table if exists "ROSTER_PARTIALS_PAGES";

drop table if exists "ROSTER_STAGE_SCREENS";

drop table if exists "ROSTER_STAGE_PAGES";

drop table if exists "ROSTER_STAGE_MEMBERSHIPS";

drop table if exists "ROSTER_STAGE_ACCOUNTS";

drop table if exists "ROSTER_STAGE_USERS";
