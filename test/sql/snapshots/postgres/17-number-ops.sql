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
  CAST(s."mrr" AS double precision) AS "mrr",
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

-- audience mid_seats
CREATE TEMPORARY TABLE "roster_audience_mid_seats" AS
select e.id
from "roster_stage_accounts" as "e"
left join "roster_features_account" as "f" on "f"."id" = "e"."id"
where COALESCE(e."seats" BETWEEN CAST(10 AS double precision) AND CAST(50 AS double precision), FALSE);

-- audience seats_eq_50
CREATE TEMPORARY TABLE "roster_audience_seats_eq_50" AS
select e.id
from "roster_stage_accounts" as "e"
left join "roster_features_account" as "f" on "f"."id" = "e"."id"
where COALESCE(e."seats" = CAST(50 AS double precision), FALSE);

-- audience seats_ne_50
CREATE TEMPORARY TABLE "roster_audience_seats_ne_50" AS
select e.id
from "roster_stage_accounts" as "e"
left join "roster_features_account" as "f" on "f"."id" = "e"."id"
where (NOT COALESCE(e."seats" = CAST(50 AS double precision), FALSE));

-- audience small
CREATE TEMPORARY TABLE "roster_audience_small" AS
select e.id
from "roster_stage_accounts" as "e"
left join "roster_features_account" as "f" on "f"."id" = "e"."id"
where COALESCE(e."seats" < CAST(10 AS double precision), FALSE);

-- audience low_mrr
CREATE TEMPORARY TABLE "roster_audience_low_mrr" AS
select e.id
from "roster_stage_accounts" as "e"
left join "roster_features_account" as "f" on "f"."id" = "e"."id"
where COALESCE(e."mrr" < CAST(1000 AS double precision), FALSE);

-- audience mrr_ge_1000
CREATE TEMPORARY TABLE "roster_audience_mrr_ge_1000" AS
select e.id
from "roster_stage_accounts" as "e"
left join "roster_features_account" as "f" on "f"."id" = "e"."id"
where COALESCE(e."mrr" >= CAST(1000 AS double precision), FALSE);

-- audience mrr_le_0
CREATE TEMPORARY TABLE "roster_audience_mrr_le_0" AS
select e.id
from "roster_stage_accounts" as "e"
left join "roster_features_account" as "f" on "f"."id" = "e"."id"
where COALESCE(e."mrr" <= CAST(0 AS double precision), FALSE);

-- audience negative_mrr
CREATE TEMPORARY TABLE "roster_audience_negative_mrr" AS
select e.id
from "roster_stage_accounts" as "e"
left join "roster_features_account" as "f" on "f"."id" = "e"."id"
where COALESCE(e."mrr" < CAST((-2.5) AS double precision), FALSE);

-- audience mid_seats (account)
select id
from "roster_audience_mid_seats";

-- audience seats_eq_50 (account)
select id
from "roster_audience_seats_eq_50";

-- audience seats_ne_50 (account)
select id
from "roster_audience_seats_ne_50";

-- audience small (account)
select id
from "roster_audience_small";

-- audience low_mrr (account)
select id
from "roster_audience_low_mrr";

-- audience mrr_ge_1000 (account)
select id
from "roster_audience_mrr_ge_1000";

-- audience mrr_le_0 (account)
select id
from "roster_audience_mrr_le_0";

-- audience negative_mrr (account)
select id
from "roster_audience_negative_mrr";

drop table if exists "roster_audience_negative_mrr";

drop table if exists "roster_audience_mrr_le_0";

drop table if exists "roster_audience_mrr_ge_1000";

drop table if exists "roster_audience_low_mrr";

drop table if exists "roster_audience_small";

drop table if exists "roster_audience_seats_ne_50";

drop table if exists "roster_audience_seats_eq_50";

drop table if exists "roster_audience_mid_seats";

drop table if exists "roster_features_account";

drop table if exists "roster_features_user";

drop table if exists "roster_stage_memberships";

drop table if exists "roster_stage_accounts";

drop table if exists "roster_stage_users";
