-- roster: snowflake script for now = 2026-06-30T00:00:00.000Z

-- Every user (distinct non-null ids) with the custom traits the project reads.
CREATE OR REPLACE TEMPORARY TABLE "ROSTER_STAGE_USERS" AS
select d.id, d."TITLE"
from (
  select
    CAST(s."ID" AS VARCHAR) AS id,
    CAST(s."TITLE" AS VARCHAR) AS "TITLE",
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

-- No event features per user.
CREATE OR REPLACE TEMPORARY TABLE "ROSTER_FEATURES_USER" AS
select x.id
from "ROSTER_STAGE_USERS" as "X";

-- No event features per account.
CREATE OR REPLACE TEMPORARY TABLE "ROSTER_FEATURES_ACCOUNT" AS
select x.id
from "ROSTER_STAGE_ACCOUNTS" as "X";

-- audience quoted
CREATE OR REPLACE TEMPORARY TABLE "ROSTER_AUDIENCE_QUOTED" AS
select e.id
from "ROSTER_STAGE_USERS" as "E"
left join "ROSTER_FEATURES_USER" as "F" on "F"."ID" = "E"."ID"
where COALESCE(CONTAINS(e."TITLE", '"Growth"'), FALSE);

-- audience exact_quoted
CREATE OR REPLACE TEMPORARY TABLE "ROSTER_AUDIENCE_EXACT_QUOTED" AS
select e.id
from "ROSTER_STAGE_USERS" as "E"
left join "ROSTER_FEATURES_USER" as "F" on "F"."ID" = "E"."ID"
where COALESCE(e."TITLE" = 'Head of "Growth"', FALSE);

-- audience backslash
CREATE OR REPLACE TEMPORARY TABLE "ROSTER_AUDIENCE_BACKSLASH" AS
select e.id
from "ROSTER_STAGE_USERS" as "E"
left join "ROSTER_FEATURES_USER" as "F" on "F"."ID" = "E"."ID"
where COALESCE(CONTAINS(e."TITLE", '\\'), FALSE);

-- audience ops
CREATE OR REPLACE TEMPORARY TABLE "ROSTER_AUDIENCE_OPS" AS
select e.id
from "ROSTER_STAGE_USERS" as "E"
left join "ROSTER_FEATURES_USER" as "F" on "F"."ID" = "E"."ID"
where COALESCE(e."TITLE" = 'Ops\\Infra', FALSE);

-- audience german
CREATE OR REPLACE TEMPORARY TABLE "ROSTER_AUDIENCE_GERMAN" AS
select e.id
from "ROSTER_STAGE_USERS" as "E"
left join "ROSTER_FEATURES_USER" as "F" on "F"."ID" = "E"."ID"
where COALESCE(ENDSWITH(e."TITLE", 'führer'), FALSE);

-- audience tokyo
CREATE OR REPLACE TEMPORARY TABLE "ROSTER_AUDIENCE_TOKYO" AS
select e.id
from "ROSTER_STAGE_USERS" as "E"
left join "ROSTER_FEATURES_USER" as "F" on "F"."ID" = "E"."ID"
where COALESCE(STARTSWITH(e."TITLE", '東京'), FALSE);

-- audience quoted (user)
select id
from "ROSTER_AUDIENCE_QUOTED";

-- audience exact_quoted (user)
select id
from "ROSTER_AUDIENCE_EXACT_QUOTED";

-- audience backslash (user)
select id
from "ROSTER_AUDIENCE_BACKSLASH";

-- audience ops (user)
select id
from "ROSTER_AUDIENCE_OPS";

-- audience german (user)
select id
from "ROSTER_AUDIENCE_GERMAN";

-- audience tokyo (user)
select id
from "ROSTER_AUDIENCE_TOKYO";

drop table if exists "ROSTER_AUDIENCE_TOKYO";

drop table if exists "ROSTER_AUDIENCE_GERMAN";

drop table if exists "ROSTER_AUDIENCE_OPS";

drop table if exists "ROSTER_AUDIENCE_BACKSLASH";

drop table if exists "ROSTER_AUDIENCE_EXACT_QUOTED";

drop table if exists "ROSTER_AUDIENCE_QUOTED";

drop table if exists "ROSTER_FEATURES_ACCOUNT";

drop table if exists "ROSTER_FEATURES_USER";

drop table if exists "ROSTER_STAGE_MEMBERSHIPS";

drop table if exists "ROSTER_STAGE_ACCOUNTS";

drop table if exists "ROSTER_STAGE_USERS";
