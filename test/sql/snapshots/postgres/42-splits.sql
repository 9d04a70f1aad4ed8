-- roster: postgres script for now = 2026-06-30T00:00:00.000Z

-- Every user (distinct non-null ids) with the custom traits the project reads.
CREATE TEMPORARY TABLE "roster_stage_users" AS
select distinct on (CAST(s."id" AS text)) CAST(s."id" AS text) AS id
from "users" AS s
where CAST(s."id" AS text) IS NOT NULL;

-- Every account (distinct non-null ids) with the custom traits the project reads.
CREATE TEMPORARY TABLE "roster_stage_accounts" AS
select distinct on (CAST(s."id" AS text))
  CAST(s."id" AS text) AS id,
  CAST(s."plan" AS text) AS "plan",
  CAST(s."seats" AS double precision) AS "seats"
from "accounts" AS s
where CAST(s."id" AS text) IS NOT NULL;

-- Distinct (user, account) pairs whose user and account both exist.
CREATE TEMPORARY TABLE "roster_stage_memberships" AS
select distinct
  CAST(s."user_id" AS text) AS user_id,
  CAST(s."account_id" AS text) AS account_id
from "memberships" AS s
where CAST(s."user_id" AS text) in (
  select id
  from "roster_stage_users"
)
  and CAST(s."account_id" AS text) in (
  select id
  from "roster_stage_accounts"
);

-- No event features per user.
CREATE TEMPORARY TABLE "roster_features_user" AS
select x.id
from "roster_stage_users" as "x";

-- No event features per account.
CREATE TEMPORARY TABLE "roster_features_account" AS
select x.id
from "roster_stage_accounts" as "x";

-- audience pro
CREATE TEMPORARY TABLE "roster_audience_pro" AS
select e.id
from "roster_stage_accounts" as "e"
left join "roster_features_account" as "f" on "f"."id" = "e"."id"
where COALESCE(e."plan" = E'pro', FALSE);

-- audience pro_holdout
CREATE TEMPORARY TABLE "roster_audience_pro_holdout" AS
select e.id
from "roster_stage_accounts" as "e"
left join "roster_features_account" as "f" on "f"."id" = "e"."id"
where (EXISTS (
  select 1
  from "roster_audience_pro" as "a1"
  where a1.id = e.id
)
  AND COALESCE(((CAST(CAST(('x' || substr(md5(E'pro_test:' || e.id), 1, 8)) AS bit(32)) AS bigint) % 10000) >= CAST(0 AS double precision) AND (CAST(CAST(('x' || substr(md5(E'pro_test:' || e.id), 1, 8)) AS bit(32)) AS bigint) % 10000) < CAST(1250 AS double precision)), FALSE));

-- audience pro_treated
CREATE TEMPORARY TABLE "roster_audience_pro_treated" AS
select e.id
from "roster_stage_accounts" as "e"
left join "roster_features_account" as "f" on "f"."id" = "e"."id"
where (EXISTS (
  select 1
  from "roster_audience_pro" as "a2"
  where a2.id = e.id
)
  AND COALESCE(((CAST(CAST(('x' || substr(md5(E'pro_test:' || e.id), 1, 8)) AS bit(32)) AS bigint) % 10000) >= CAST(1250 AS double precision) AND (CAST(CAST(('x' || substr(md5(E'pro_test:' || e.id), 1, 8)) AS bit(32)) AS bigint) % 10000) < CAST(10000 AS double precision)), FALSE));

-- audience pro_a
CREATE TEMPORARY TABLE "roster_audience_pro_a" AS
select e.id
from "roster_stage_accounts" as "e"
left join "roster_features_account" as "f" on "f"."id" = "e"."id"
where (EXISTS (
  select 1
  from "roster_audience_pro" as "a3"
  where a3.id = e.id
)
  AND COALESCE(((CAST(CAST(('x' || substr(md5(E'pro_abc:' || e.id), 1, 8)) AS bit(32)) AS bigint) % 10000) >= CAST(0 AS double precision) AND (CAST(CAST(('x' || substr(md5(E'pro_abc:' || e.id), 1, 8)) AS bit(32)) AS bigint) % 10000) < CAST(3333 AS double precision)), FALSE));

-- audience pro_b
CREATE TEMPORARY TABLE "roster_audience_pro_b" AS
select e.id
from "roster_stage_accounts" as "e"
left join "roster_features_account" as "f" on "f"."id" = "e"."id"
where (EXISTS (
  select 1
  from "roster_audience_pro" as "a4"
  where a4.id = e.id
)
  AND COALESCE(((CAST(CAST(('x' || substr(md5(E'pro_abc:' || e.id), 1, 8)) AS bit(32)) AS bigint) % 10000) >= CAST(3333 AS double precision) AND (CAST(CAST(('x' || substr(md5(E'pro_abc:' || e.id), 1, 8)) AS bit(32)) AS bigint) % 10000) < CAST(6666 AS double precision)), FALSE));

-- audience pro_c
CREATE TEMPORARY TABLE "roster_audience_pro_c" AS
select e.id
from "roster_stage_accounts" as "e"
left join "roster_features_account" as "f" on "f"."id" = "e"."id"
where (EXISTS (
  select 1
  from "roster_audience_pro" as "a5"
  where a5.id = e.id
)
  AND COALESCE(((CAST(CAST(('x' || substr(md5(E'pro_abc:' || e.id), 1, 8)) AS bit(32)) AS bigint) % 10000) >= CAST(6666 AS double precision) AND (CAST(CAST(('x' || substr(md5(E'pro_abc:' || e.id), 1, 8)) AS bit(32)) AS bigint) % 10000) < CAST(10000 AS double precision)), FALSE));

-- audience treated_big
CREATE TEMPORARY TABLE "roster_audience_treated_big" AS
select e.id
from "roster_stage_accounts" as "e"
left join "roster_features_account" as "f" on "f"."id" = "e"."id"
where (EXISTS (
  select 1
  from "roster_audience_pro_treated" as "a6"
  where a6.id = e.id
)
  AND COALESCE(e."seats" >= CAST(10 AS double precision), FALSE));

-- audience not_held_out
CREATE TEMPORARY TABLE "roster_audience_not_held_out" AS
select e.id
from "roster_stage_accounts" as "e"
left join "roster_features_account" as "f" on "f"."id" = "e"."id"
where (NOT EXISTS (
  select 1
  from "roster_audience_pro_holdout" as "a7"
  where a7.id = e.id
));

-- audience c_treated
CREATE TEMPORARY TABLE "roster_audience_c_treated" AS
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
