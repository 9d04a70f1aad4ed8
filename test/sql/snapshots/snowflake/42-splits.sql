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

-- No event features per user.
CREATE OR REPLACE TEMPORARY TABLE "ROSTER_FEATURES_USER" AS
select x.id
from "ROSTER_STAGE_USERS" as "X";

-- No event features per account.
CREATE OR REPLACE TEMPORARY TABLE "ROSTER_FEATURES_ACCOUNT" AS
select x.id
from "ROSTER_STAGE_ACCOUNTS" as "X";

-- audience pro
CREATE OR REPLACE TEMPORARY TABLE "ROSTER_AUDIENCE_PRO" AS
select e.id
from "ROSTER_STAGE_ACCOUNTS" as "E"
left join "ROSTER_FEATURES_ACCOUNT" as "F" on "F"."ID" = "E"."ID"
where COALESCE(e."PLAN" = 'pro', FALSE);

-- audience pro_holdout
CREATE OR REPLACE TEMPORARY TABLE "ROSTER_AUDIENCE_PRO_HOLDOUT" AS
select e.id
from "ROSTER_STAGE_ACCOUNTS" as "E"
left join "ROSTER_FEATURES_ACCOUNT" as "F" on "F"."ID" = "E"."ID"
where (EXISTS (
  select 1
  from "ROSTER_AUDIENCE_PRO" as "A1"
  where a1.id = e.id
)
  AND COALESCE((MOD(TO_NUMBER(SUBSTR(MD5('pro_test:' || e.id), 1, 8), 'XXXXXXXX'), 10000) >= CAST(0 AS DOUBLE) AND MOD(TO_NUMBER(SUBSTR(MD5('pro_test:' || e.id), 1, 8), 'XXXXXXXX'), 10000) < CAST(1250 AS DOUBLE)), FALSE));

-- audience pro_treated
CREATE OR REPLACE TEMPORARY TABLE "ROSTER_AUDIENCE_PRO_TREATED" AS
select e.id
from "ROSTER_STAGE_ACCOUNTS" as "E"
left join "ROSTER_FEATURES_ACCOUNT" as "F" on "F"."ID" = "E"."ID"
where (EXISTS (
  select 1
  from "ROSTER_AUDIENCE_PRO" as "A2"
  where a2.id = e.id
)
  AND COALESCE((MOD(TO_NUMBER(SUBSTR(MD5('pro_test:' || e.id), 1, 8), 'XXXXXXXX'), 10000) >= CAST(1250 AS DOUBLE) AND MOD(TO_NUMBER(SUBSTR(MD5('pro_test:' || e.id), 1, 8), 'XXXXXXXX'), 10000) < CAST(10000 AS DOUBLE)), FALSE));

-- audience pro_a
CREATE OR REPLACE TEMPORARY TABLE "ROSTER_AUDIENCE_PRO_A" AS
select e.id
from "ROSTER_STAGE_ACCOUNTS" as "E"
left join "ROSTER_FEATURES_ACCOUNT" as "F" on "F"."ID" = "E"."ID"
where (EXISTS (
  select 1
  from "ROSTER_AUDIENCE_PRO" as "A3"
  where a3.id = e.id
)
  AND COALESCE((MOD(TO_NUMBER(SUBSTR(MD5('pro_abc:' || e.id), 1, 8), 'XXXXXXXX'), 10000) >= CAST(0 AS DOUBLE) AND MOD(TO_NUMBER(SUBSTR(MD5('pro_abc:' || e.id), 1, 8), 'XXXXXXXX'), 10000) < CAST(3333 AS DOUBLE)), FALSE));

-- audience pro_b
CREATE OR REPLACE TEMPORARY TABLE "ROSTER_AUDIENCE_PRO_B" AS
select e.id
from "ROSTER_STAGE_ACCOUNTS" as "E"
left join "ROSTER_FEATURES_ACCOUNT" as "F" on "F"."ID" = "E"."ID"
where (EXISTS (
  select 1
  from "ROSTER_AUDIENCE_PRO" as "A4"
  where a4.id = e.id
)
  AND COALESCE((MOD(TO_NUMBER(SUBSTR(MD5('pro_abc:' || e.id), 1, 8), 'XXXXXXXX'), 10000) >= CAST(3333 AS DOUBLE) AND MOD(TO_NUMBER(SUBSTR(MD5('pro_abc:' || e.id), 1, 8), 'XXXXXXXX'), 10000) < CAST(6666 AS DOUBLE)), FALSE));

-- audience pro_c
CREATE OR REPLACE TEMPORARY TABLE "ROSTER_AUDIENCE_PRO_C" AS
select e.id
from "ROSTER_STAGE_ACCOUNTS" as "E"
left join "ROSTER_FEATURES_ACCOUNT" as "F" on "F"."ID" = "E"."ID"
where (EXISTS (
  select 1
  from "ROSTER_AUDIENCE_PRO" as "A5"
  where a5.id = e.id
)
  AND COALESCE((MOD(TO_NUMBER(SUBSTR(MD5('pro_abc:' || e.id), 1, 8), 'XXXXXXXX'), 10000) >= CAST(6666 AS DOUBLE) AND MOD(TO_NUMBER(SUBSTR(MD5('pro_abc:' || e.id), 1, 8), 'XXXXXXXX'), 10000) < CAST(10000 AS DOUBLE)), FALSE));

-- audience treated_big
CREATE OR REPLACE TEMPORARY TABLE "ROSTER_AUDIENCE_TREATED_BIG" AS
select e.id
from "ROSTER_STAGE_ACCOUNTS" as "E"
left join "ROSTER_FEATURES_ACCOUNT" as "F" on "F"."ID" = "E"."ID"
where (EXISTS (
  select 1
  from "ROSTER_AUDIENCE_PRO_TREATED" as "A6"
  where a6.id = e.id
)
  AND COALESCE(e."SEATS" >= CAST(10 AS DOUBLE), FALSE));

-- audience not_held_out
CREATE OR REPLACE TEMPORARY TABLE "ROSTER_AUDIENCE_NOT_HELD_OUT" AS
select e.id
from "ROSTER_STAGE_ACCOUNTS" as "E"
left join "ROSTER_FEATURES_ACCOUNT" as "F" on "F"."ID" = "E"."ID"
where (NOT EXISTS (
  select 1
  from "ROSTER_AUDIENCE_PRO_HOLDOUT" as "A7"
  where a7.id = e.id
));

-- audience c_treated
CREATE OR REPLACE TEMPORARY TABLE "ROSTER_AUDIENCE_C_TREATED" AS
select e.id
from "ROSTER_STAGE_ACCOUNTS" as "E"
left join "ROSTER_FEATURES_ACCOUNT" as "F" on "F"."ID" = "E"."ID"
where (EXISTS (
  select 1
  from "ROSTER_AUDIENCE_PRO_C" as "A8"
  where a8.id = e.id
)
  AND EXISTS (
  select 1
  from "ROSTER_AUDIENCE_PRO_TREATED" as "A9"
  where a9.id = e.id
));

-- audience pro (account)
select id
from "ROSTER_AUDIENCE_PRO";

-- audience pro_holdout (account)
select id
from "ROSTER_AUDIENCE_PRO_HOLDOUT";

-- audience pro_treated (account)
select id
from "ROSTER_AUDIENCE_PRO_TREATED";

-- audience pro_a (account)
select id
from "ROSTER_AUDIENCE_PRO_A";

-- audience pro_b (account)
select id
from "ROSTER_AUDIENCE_PRO_B";

-- audience pro_c (account)
select id
from "ROSTER_AUDIENCE_PRO_C";

-- audience treated_big (account)
select id
from "ROSTER_AUDIENCE_TREATED_BIG";

-- audience not_held_out (account)
select id
from "ROSTER_AUDIENCE_NOT_HELD_OUT";

-- audience c_treated (account)
select id
from "ROSTER_AUDIENCE_C_TREATED";

drop table if exists "ROSTER_AUDIENCE_C_TREATED";

drop table if exists "ROSTER_AUDIENCE_NOT_HELD_OUT";

drop table if exists "ROSTER_AUDIENCE_TREATED_BIG";

drop table if exists "ROSTER_AUDIENCE_PRO_C";

drop table if exists "ROSTER_AUDIENCE_PRO_B";

drop table if exists "ROSTER_AUDIENCE_PRO_A";

drop table if exists "ROSTER_AUDIENCE_PRO_TREATED";

drop table if exists "ROSTER_AUDIENCE_PRO_HOLDOUT";

drop table if exists "ROSTER_AUDIENCE_PRO";

drop table if exists "ROSTER_FEATURES_ACCOUNT";

drop table if exists "ROSTER_FEATURES_USER";

drop table if exists "ROSTER_STAGE_MEMBERSHIPS";

drop table if exists "ROSTER_STAGE_ACCOUNTS";

drop table if exists "ROSTER_STAGE_USERS";
