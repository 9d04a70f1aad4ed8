-- roster: duckdb script for now = 2026-06-30T00:00:00.000Z

-- Every user (distinct non-null ids) with the custom traits the project reads.
CREATE OR REPLACE TEMPORARY TABLE "roster_stage_users" AS
select distinct on (CAST(s."id" AS VARCHAR)) CAST(s."id" AS VARCHAR) AS id
from "users" AS s
where CAST(s."id" AS VARCHAR) IS NOT NULL;

-- Every account (distinct non-null ids) with the custom traits the project reads.
CREATE OR REPLACE TEMPORARY TABLE "roster_stage_accounts" AS
select distinct on (CAST(s."id" AS VARCHAR))
  CAST(s."id" AS VARCHAR) AS id,
  CAST(s."plan" AS VARCHAR) AS "plan",
  CAST(s."seats" AS DOUBLE) AS "seats"
from "accounts" AS s
where CAST(s."id" AS VARCHAR) IS NOT NULL;

-- Distinct (user, account) pairs whose user and account both exist.
CREATE OR REPLACE TEMPORARY TABLE "roster_stage_memberships" AS
select distinct
  CAST(s."user_id" AS VARCHAR) AS user_id,
  CAST(s."account_id" AS VARCHAR) AS account_id
from "memberships" AS s
where CAST(s."user_id" AS VARCHAR) in (
  select id
  from "roster_stage_users"
)
  and CAST(s."account_id" AS VARCHAR) in (
  select id
  from "roster_stage_accounts"
);

-- No event features per user.
CREATE OR REPLACE TEMPORARY TABLE "roster_features_user" AS
select x.id
from "roster_stage_users" as "x";

-- No event features per account.
CREATE OR REPLACE TEMPORARY TABLE "roster_features_account" AS
select x.id
from "roster_stage_accounts" as "x";

-- audience pro
CREATE OR REPLACE TEMPORARY TABLE "roster_audience_pro" AS
select e.id
from "roster_stage_accounts" as "e"
left join "roster_features_account" as "f" on "f"."id" = "e"."id"
where COALESCE(e."plan" = 'pro', FALSE);

-- audience pro_holdout
CREATE OR REPLACE TEMPORARY TABLE "roster_audience_pro_holdout" AS
select e.id
from "roster_stage_accounts" as "e"
left join "roster_features_account" as "f" on "f"."id" = "e"."id"
where (EXISTS (
  select 1
  from "roster_audience_pro" as "a1"
  where a1.id = e.id
)
  AND COALESCE(((CAST(('0x' || substr(md5('pro_test:' || e.id), 1, 8)) AS BIGINT) % 10000) >= CAST(0 AS DOUBLE) AND (CAST(('0x' || substr(md5('pro_test:' || e.id), 1, 8)) AS BIGINT) % 10000) < CAST(1250 AS DOUBLE)), FALSE));

-- audience pro_treated
CREATE OR REPLACE TEMPORARY TABLE "roster_audience_pro_treated" AS
select e.id
from "roster_stage_accounts" as "e"
left join "roster_features_account" as "f" on "f"."id" = "e"."id"
where (EXISTS (
  select 1
  from "roster_audience_pro" as "a2"
  where a2.id = e.id
)
  AND COALESCE(((CAST(('0x' || substr(md5('pro_test:' || e.id), 1, 8)) AS BIGINT) % 10000) >= CAST(1250 AS DOUBLE) AND (CAST(('0x' || substr(md5('pro_test:' || e.id), 1, 8)) AS BIGINT) % 10000) < CAST(10000 AS DOUBLE)), FALSE));

-- audience pro_a
CREATE OR REPLACE TEMPORARY TABLE "roster_audience_pro_a" AS
select e.id
from "roster_stage_accounts" as "e"
left join "roster_features_account" as "f" on "f"."id" = "e"."id"
where (EXISTS (
  select 1
  from "roster_audience_pro" as "a3"
  where a3.id = e.id
)
  AND COALESCE(((CAST(('0x' || substr(md5('pro_abc:' || e.id), 1, 8)) AS BIGINT) % 10000) >= CAST(0 AS DOUBLE) AND (CAST(('0x' || substr(md5('pro_abc:' || e.id), 1, 8)) AS BIGINT) % 10000) < CAST(3333 AS DOUBLE)), FALSE));

-- audience pro_b
CREATE OR REPLACE TEMPORARY TABLE "roster_audience_pro_b" AS
select e.id
from "roster_stage_accounts" as "e"
left join "roster_features_account" as "f" on "f"."id" = "e"."id"
where (EXISTS (
  select 1
  from "roster_audience_pro" as "a4"
  where a4.id = e.id
)
  AND COALESCE(((CAST(('0x' || substr(md5('pro_abc:' || e.id), 1, 8)) AS BIGINT) % 10000) >= CAST(3333 AS DOUBLE) AND (CAST(('0x' || substr(md5('pro_abc:' || e.id), 1, 8)) AS BIGINT) % 10000) < CAST(6666 AS DOUBLE)), FALSE));

-- audience pro_c
CREATE OR REPLACE TEMPORARY TABLE "roster_audience_pro_c" AS
select e.id
from "roster_stage_accounts" as "e"
left join "roster_features_account" as "f" on "f"."id" = "e"."id"
where (EXISTS (
  select 1
  from "roster_audience_pro" as "a5"
  where a5.id = e.id
)
  AND COALESCE(((CAST(('0x' || substr(md5('pro_abc:' || e.id), 1, 8)) AS BIGINT) % 10000) >= CAST(6666 AS DOUBLE) AND (CAST(('0x' || substr(md5('pro_abc:' || e.id), 1, 8)) AS BIGINT) % 10000) < CAST(10000 AS DOUBLE)), FALSE));

-- audience treated_big
CREATE OR REPLACE TEMPORARY TABLE "roster_audience_treated_big" AS
select e.id
from "roster_stage_accounts" as "e"
left join "roster_features_account" as "f" on "f"."id" = "e"."id"
where (EXISTS (
  select 1
  from "roster_audience_pro_treated" as "a6"
  where a6.id = e.id
)
  AND COALESCE(e."seats" >= CAST(10 AS DOUBLE), FALSE));

-- audience not_held_out
CREATE OR REPLACE TEMPORARY TABLE "roster_audience_not_held_out" AS
select e.id
from "roster_stage_accounts" as "e"
left join "roster_features_account" as "f" on "f"."id" = "e"."id"
where (NOT EXISTS (
  select 1
  from "roster_audience_pro_holdout" as "a7"
  where a7.id = e.id
));

-- audience c_treated
CREATE OR REPLACE TEMPORARY TABLE "roster_audience_c_treated" AS
select e.id
from "roster_stage_accounts" as "e"
left join "roster_features_account" as "f" on "f"."id" = "e"."id"
where (EXISTS (
  select 1
  from "roster_audience_pro_c" as "a8"
  where a8.id = e.id
)
  AND EXISTS (
  select 1
  from "roster_audience_pro_treated" as "a9"
  where a9.id = e.id
));

-- audience pro (account)
select id
from "roster_audience_pro";

-- audience pro_holdout (account)
select id
from "roster_audience_pro_holdout";

-- audience pro_treated (account)
select id
from "roster_audience_pro_treated";

-- audience pro_a (account)
select id
from "roster_audience_pro_a";

-- audience pro_b (account)
select id
from "roster_audience_pro_b";

-- audience pro_c (account)
select id
from "roster_audience_pro_c";

-- audience treated_big (account)
select id
from "roster_audience_treated_big";

-- audience not_held_out (account)
select id
from "roster_audience_not_held_out";

-- audience c_treated (account)
select id
from "roster_audience_c_treated";

drop table if exists "roster_audience_c_treated";

drop table if exists "roster_audience_not_held_out";

drop table if exists "roster_audience_treated_big";

drop table if exists "roster_audience_pro_c";

drop table if exists "roster_audience_pro_b";

drop table if exists "roster_audience_pro_a";

drop table if exists "roster_audience_pro_treated";

drop table if exists "roster_audience_pro_holdout";

drop table if exists "roster_audience_pro";

drop table if exists "roster_features_account";

drop table if exists "roster_features_user";

drop table if exists "roster_stage_memberships";

drop table if exists "roster_stage_accounts";

drop table if exists "roster_stage_users";
