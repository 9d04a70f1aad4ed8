-- roster: snowflake script for now = 2026-06-30T00:00:00.000Z

-- Every user (distinct non-null ids) with the custom traits the project reads.
CREATE OR REPLACE TEMPORARY TABLE "ROSTER_STAGE_USERS" AS
select d.id, d."ROLE"
from (
  select
    CAST(s."ID" AS VARCHAR) AS id,
    CAST(s."ROLE" AS VARCHAR) AS "ROLE",
    row_number() OVER (PARTITION BY CAST(s."ID" AS VARCHAR) ORDER BY CAST(s."ID" AS VARCHAR)) AS roster_row
  from "USERS" AS s
  where CAST(s."ID" AS VARCHAR) IS NOT NULL
) as "D"
where d.roster_row = 1;

-- Every account (distinct non-null ids) with the custom traits the project reads.
CREATE OR REPLACE TEMPORARY TABLE "ROSTER_STAGE_ACCOUNTS" AS
select d.id, d."PLAN", d."SEATS"
from (
  select
    CAST(s."ID" AS VARCHAR) AS id,
    CAST(s."PLAN" AS VARCHAR) AS "PLAN",
    CAST(s."SEATS" AS DOUBLE) AS "SEATS",
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
  CAST(s."EVENT" AS VARCHAR) AS event
from "TRACKS" AS s
where CAST(s."USER_ID" AS VARCHAR) IS NOT NULL
  and CAST(s."TIMESTAMP" AS TIMESTAMP_TZ) <= TO_TIMESTAMP_TZ('2026-06-30 00:00:00.000+00:00', 'YYYY-MM-DD HH24:MI:SS.FF3TZH:TZM')
  and CAST(s."EVENT" AS VARCHAR) IN ('Logged In');

-- Partial aggregates of every feature over tracks, in one pass, per user.
CREATE OR REPLACE TEMPORARY TABLE "ROSTER_PARTIALS_TRACKS" AS
select
  e.user_id,
  count(CASE WHEN e.event = 'Logged In' THEN 1 END) AS "T_ACCT_LOGINS__N"
from "ROSTER_STAGE_TRACKS" as "E"
group by e.user_id;

-- Every feature needed per account.
CREATE OR REPLACE TEMPORARY TABLE "ROSTER_FEATURES_ACCOUNT" AS
select
  x.id,
  COALESCE(r1."T_ACCT_LOGINS", CAST(0 AS DOUBLE)) AS "T_ACCT_LOGINS"
from "ROSTER_STAGE_ACCOUNTS" as "X"
left join (
  select
    m.account_id AS id,
    CAST(sum(p."T_ACCT_LOGINS__N") AS DOUBLE) AS "T_ACCT_LOGINS"
  from "ROSTER_STAGE_MEMBERSHIPS" as "M"
  inner join "ROSTER_PARTIALS_TRACKS" as "P" on p.user_id = m.user_id
  group by m.account_id
) as "R1" on r1.id = x.id;

-- No event features per user.
CREATE OR REPLACE TEMPORARY TABLE "ROSTER_FEATURES_USER" AS
select x.id
from "ROSTER_STAGE_USERS" as "X";

-- Per user: how many of the user's accounts satisfy each `some account` condition, in one pass.
CREATE OR REPLACE TEMPORARY TABLE "ROSTER_SOME_ACCOUNT_USER" AS
select
  m.user_id AS id,
  count(*) AS n,
  count(CASE WHEN COALESCE(acc."PLAN" = 'pro', FALSE) THEN 1 END) AS "S1",
  count(CASE WHEN COALESCE(acc."SEATS" >= CAST(100 AS DOUBLE), FALSE) THEN 1 END) AS "S2",
  count(CASE WHEN COALESCE(fa."T_ACCT_LOGINS" >= CAST(2 AS DOUBLE), FALSE) THEN 1 END) AS "S3"
from "ROSTER_STAGE_MEMBERSHIPS" as "M"
inner join "ROSTER_STAGE_ACCOUNTS" as "ACC" on acc.id = m.account_id
left join "ROSTER_FEATURES_ACCOUNT" as "FA" on fa.id = acc.id
group by m.user_id;

-- audience enterprise_accounts
CREATE OR REPLACE TEMPORARY TABLE "ROSTER_AUDIENCE_ENTERPRISE_ACCOUNTS" AS
select e.id
from "ROSTER_STAGE_ACCOUNTS" as "E"
left join "ROSTER_FEATURES_ACCOUNT" as "F" on "F"."ID" = "E"."ID"
where COALESCE(e."PLAN" = 'enterprise', FALSE);

-- audience ent_users
CREATE OR REPLACE TEMPORARY TABLE "ROSTER_AUDIENCE_ENT_USERS" AS
select e.id
from "ROSTER_STAGE_USERS" as "E"
left join "ROSTER_FEATURES_USER" as "F" on "F"."ID" = "E"."ID"
where EXISTS (
  select 1
  from "ROSTER_STAGE_MEMBERSHIPS" as "M1"
  inner join "ROSTER_STAGE_ACCOUNTS" as "ACC2" on acc2.id = m1.account_id
  left join "ROSTER_FEATURES_ACCOUNT" as "FA3" on fa3.id = acc2.id
  where m1.user_id = e.id
    and EXISTS (
    select 1
    from "ROSTER_AUDIENCE_ENTERPRISE_ACCOUNTS" as "A4"
    where a4.id = acc2.id
  )
);

-- audience not_ent_users
CREATE OR REPLACE TEMPORARY TABLE "ROSTER_AUDIENCE_NOT_ENT_USERS" AS
select e.id
from "ROSTER_STAGE_USERS" as "E"
left join "ROSTER_FEATURES_USER" as "F" on "F"."ID" = "E"."ID"
where (NOT EXISTS (
  select 1
  from "ROSTER_STAGE_MEMBERSHIPS" as "M5"
  inner join "ROSTER_STAGE_ACCOUNTS" as "ACC6" on acc6.id = m5.account_id
  left join "ROSTER_FEATURES_ACCOUNT" as "FA7" on fa7.id = acc6.id
  where m5.user_id = e.id
    and EXISTS (
    select 1
    from "ROSTER_AUDIENCE_ENTERPRISE_ACCOUNTS" as "A8"
    where a8.id = acc6.id
  )
));

-- audience pro_plan_users
CREATE OR REPLACE TEMPORARY TABLE "ROSTER_AUDIENCE_PRO_PLAN_USERS" AS
select e.id
from "ROSTER_STAGE_USERS" as "E"
left join "ROSTER_FEATURES_USER" as "F" on "F"."ID" = "E"."ID"
left join "ROSTER_SOME_ACCOUNT_USER" as "G" on "G"."ID" = "E"."ID"
where (COALESCE(g."S1", CAST(0 AS DOUBLE)) > CAST(0 AS DOUBLE));

-- audience big_account_admins
CREATE OR REPLACE TEMPORARY TABLE "ROSTER_AUDIENCE_BIG_ACCOUNT_ADMINS" AS
select e.id
from "ROSTER_STAGE_USERS" as "E"
left join "ROSTER_FEATURES_USER" as "F" on "F"."ID" = "E"."ID"
left join "ROSTER_SOME_ACCOUNT_USER" as "G" on "G"."ID" = "E"."ID"
where (COALESCE(e."ROLE" = 'Admin', FALSE)
  AND (COALESCE(g."S2", CAST(0 AS DOUBLE)) > CAST(0 AS DOUBLE)));

-- audience in_busy_account
CREATE OR REPLACE TEMPORARY TABLE "ROSTER_AUDIENCE_IN_BUSY_ACCOUNT" AS
select e.id
from "ROSTER_STAGE_USERS" as "E"
left join "ROSTER_FEATURES_USER" as "F" on "F"."ID" = "E"."ID"
left join "ROSTER_SOME_ACCOUNT_USER" as "G" on "G"."ID" = "E"."ID"
where (COALESCE(g."S3", CAST(0 AS DOUBLE)) > CAST(0 AS DOUBLE));

-- audience enterprise_accounts (account)
select id
from "ROSTER_AUDIENCE_ENTERPRISE_ACCOUNTS";

-- audience ent_users (user)
select id
from "ROSTER_AUDIENCE_ENT_USERS";

-- audience not_ent_users (user)
select id
from "ROSTER_AUDIENCE_NOT_ENT_USERS";

-- audience pro_plan_users (user)
select id
from "ROSTER_AUDIENCE_PRO_PLAN_USERS";

-- audience big_account_admins (user)
select id
from "ROSTER_AUDIENCE_BIG_ACCOUNT_ADMINS";

-- trait acct_logins (account)
select id, "T_ACCT_LOGINS" AS value
from "ROSTER_FEATURES_ACCOUNT"
where "T_ACCT_LOGINS" is not null;

-- audience in_busy_account (user)
select id
from "ROSTER_AUDIENCE_IN_BUSY_ACCOUNT";

drop table if exists "ROSTER_AUDIENCE_IN_BUSY_ACCOUNT";

drop table if exists "ROSTER_AUDIENCE_BIG_ACCOUNT_ADMINS";

drop table if exists "ROSTER_AUDIENCE_PRO_PLAN_USERS";

drop table if exists "ROSTER_AUDIENCE_NOT_ENT_USERS";

drop table if exists "ROSTER_AUDIENCE_ENT_USERS";

drop table if exists "ROSTER_AUDIENCE_ENTERPRISE_ACCOUNTS";

drop table if exists "ROSTER_SOME_ACCOUNT_USER";

drop table if exists "ROSTER_FEATURES_USER";

drop table if exists "ROSTER_FEATURES_ACCOUNT";

drop table if exists "ROSTER_PARTIALS_TRACKS";

drop table if exists "ROSTER_STAGE_TRACKS";

drop table if exists "ROSTER_STAGE_MEMBERSHIPS";

drop table if exists "ROSTER_STAGE_ACCOUNTS";

drop table if exists "ROSTER_STAGE_USERS";
