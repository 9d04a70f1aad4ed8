-- roster: snowflake script for now = 2026-06-30T00:00:00.000Z

-- Every user (distinct non-null ids) with the custom traits the project reads.
CREATE OR REPLACE TEMPORARY TABLE "ROSTER_STAGE_USERS" AS
select d.id, d."SIGNED_UP_AT"
from (
  select
    CAST(s."ID" AS VARCHAR) AS id,
    CAST(s."SIGNED_UP_AT" AS TIMESTAMP_TZ) AS "SIGNED_UP_AT",
    row_number() OVER (PARTITION BY CAST(s."ID" AS VARCHAR) ORDER BY CAST(s."ID" AS VARCHAR)) AS roster_row
  from "USERS" AS s
  where CAST(s."ID" AS VARCHAR) IS NOT NULL
) as "D"
where d.roster_row = 1;

-- Every account (distinct non-null ids) with the custom traits the project reads.
CREATE OR REPLACE TEMPORARY TABLE "ROSTER_STAGE_ACCOUNTS" AS
select d.id, d."CREATED_AT"
from (
  select
    CAST(s."ID" AS VARCHAR) AS id,
    CAST(s."CREATED_AT" AS TIMESTAMP_TZ) AS "CREATED_AT",
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

-- audience new_users
CREATE OR REPLACE TEMPORARY TABLE "ROSTER_AUDIENCE_NEW_USERS" AS
select e.id
from "ROSTER_STAGE_USERS" as "E"
left join "ROSTER_FEATURES_USER" as "F" on "F"."ID" = "E"."ID"
where COALESCE(e."SIGNED_UP_AT" > TO_TIMESTAMP_TZ('2026-05-31 00:00:00.000+00:00', 'YYYY-MM-DD HH24:MI:SS.FF3TZH:TZM') AND e."SIGNED_UP_AT" <= TO_TIMESTAMP_TZ('2026-06-30 00:00:00.000+00:00', 'YYYY-MM-DD HH24:MI:SS.FF3TZH:TZM'), FALSE);

-- audience old_users
CREATE OR REPLACE TEMPORARY TABLE "ROSTER_AUDIENCE_OLD_USERS" AS
select e.id
from "ROSTER_STAGE_USERS" as "E"
left join "ROSTER_FEATURES_USER" as "F" on "F"."ID" = "E"."ID"
where COALESCE(e."SIGNED_UP_AT" < TO_TIMESTAMP_TZ('2026-01-01 00:00:00.000+00:00', 'YYYY-MM-DD HH24:MI:SS.FF3TZH:TZM'), FALSE);

-- audience signed_2026
CREATE OR REPLACE TEMPORARY TABLE "ROSTER_AUDIENCE_SIGNED_2026" AS
select e.id
from "ROSTER_STAGE_USERS" as "E"
left join "ROSTER_FEATURES_USER" as "F" on "F"."ID" = "E"."ID"
where COALESCE(e."SIGNED_UP_AT" >= TO_TIMESTAMP_TZ('2026-01-01 00:00:00.000+00:00', 'YYYY-MM-DD HH24:MI:SS.FF3TZH:TZM'), FALSE);

-- audience h1_signups
CREATE OR REPLACE TEMPORARY TABLE "ROSTER_AUDIENCE_H1_SIGNUPS" AS
select e.id
from "ROSTER_STAGE_USERS" as "E"
left join "ROSTER_FEATURES_USER" as "F" on "F"."ID" = "E"."ID"
where COALESCE(e."SIGNED_UP_AT" >= TO_TIMESTAMP_TZ('2026-01-01 00:00:00.000+00:00', 'YYYY-MM-DD HH24:MI:SS.FF3TZH:TZM') AND e."SIGNED_UP_AT" < TO_TIMESTAMP_TZ('2026-05-31 00:00:00.000+00:00', 'YYYY-MM-DD HH24:MI:SS.FF3TZH:TZM'), FALSE);

-- audience not_new
CREATE OR REPLACE TEMPORARY TABLE "ROSTER_AUDIENCE_NOT_NEW" AS
select e.id
from "ROSTER_STAGE_USERS" as "E"
left join "ROSTER_FEATURES_USER" as "F" on "F"."ID" = "E"."ID"
where (NOT COALESCE(e."SIGNED_UP_AT" > TO_TIMESTAMP_TZ('2026-05-31 00:00:00.000+00:00', 'YYYY-MM-DD HH24:MI:SS.FF3TZH:TZM') AND e."SIGNED_UP_AT" <= TO_TIMESTAMP_TZ('2026-06-30 00:00:00.000+00:00', 'YYYY-MM-DD HH24:MI:SS.FF3TZH:TZM'), FALSE));

-- audience recent_accounts
CREATE OR REPLACE TEMPORARY TABLE "ROSTER_AUDIENCE_RECENT_ACCOUNTS" AS
select e.id
from "ROSTER_STAGE_ACCOUNTS" as "E"
left join "ROSTER_FEATURES_ACCOUNT" as "F" on "F"."ID" = "E"."ID"
where COALESCE(e."CREATED_AT" > TO_TIMESTAMP_TZ('2026-06-16 00:00:00.000+00:00', 'YYYY-MM-DD HH24:MI:SS.FF3TZH:TZM') AND e."CREATED_AT" <= TO_TIMESTAMP_TZ('2026-06-30 00:00:00.000+00:00', 'YYYY-MM-DD HH24:MI:SS.FF3TZH:TZM'), FALSE);

-- audience new_users (user)
select id
from "ROSTER_AUDIENCE_NEW_USERS";

-- audience old_users (user)
select id
from "ROSTER_AUDIENCE_OLD_USERS";

-- audience signed_2026 (user)
select id
from "ROSTER_AUDIENCE_SIGNED_2026";

-- audience h1_signups (user)
select id
from "ROSTER_AUDIENCE_H1_SIGNUPS";

-- audience not_new (user)
select id
from "ROSTER_AUDIENCE_NOT_NEW";

-- audience recent_accounts (account)
select id
from "ROSTER_AUDIENCE_RECENT_ACCOUNTS";

drop table if exists "ROSTER_AUDIENCE_RECENT_ACCOUNTS";

drop table if exists "ROSTER_AUDIENCE_NOT_NEW";

drop table if exists "ROSTER_AUDIENCE_H1_SIGNUPS";

drop table if exists "ROSTER_AUDIENCE_SIGNED_2026";

drop table if exists "ROSTER_AUDIENCE_OLD_USERS";

drop table if exists "ROSTER_AUDIENCE_NEW_USERS";

drop table if exists "ROSTER_FEATURES_ACCOUNT";

drop table if exists "ROSTER_FEATURES_USER";

drop table if exists "ROSTER_STAGE_MEMBERSHIPS";

drop table if exists "ROSTER_STAGE_ACCOUNTS";

drop table if exists "ROSTER_STAGE_USERS";
