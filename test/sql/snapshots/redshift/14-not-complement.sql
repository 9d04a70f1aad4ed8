-- roster: redshift script for now = 2026-06-30T00:00:00.000Z

-- Every user (distinct non-null ids) with the custom traits the project reads.
CREATE TEMPORARY TABLE "roster_stage_users" AS
select d.id
from (
  select
    CAST(s."id" AS VARCHAR(65535)) AS id,
    row_number() OVER (PARTITION BY CAST(s."id" AS VARCHAR(65535)) ORDER BY CAST(s."id" AS VARCHAR(65535))) AS roster_row
  from "users" AS s
  where CAST(s."id" AS VARCHAR(65535)) IS NOT NULL
) as "d"
where d.roster_row = 1;

-- Every account (distinct non-null ids) with the custom traits the project reads.
CREATE TEMPORARY TABLE "roster_stage_accounts" AS
select d.id, d."industry", d."plan", d."seats"
from (
  select
    CAST(s."id" AS VARCHAR(65535)) AS id,
    CAST(s."industry" AS VARCHAR(65535)) AS "industry",
    CAST(s."plan" AS VARCHAR(65535)) AS "plan",
    CAST(s."seats" AS DOUBLE PRECISION) AS "seats",
    row_number() OVER (PARTITION BY CAST(s."id" AS VARCHAR(65535)) ORDER BY CAST(s."id" AS VARCHAR(65535))) AS roster_row
  from "accounts" AS s
  where CAST(s."id" AS VARCHAR(65535)) IS NOT NULL
) as "d"
where d.roster_row = 1;

-- Distinct (user, account) pairs whose user and account both exist.
CREATE TEMPORARY TABLE "roster_stage_memberships" AS
select distinct
  CAST(s."user_id" AS VARCHAR(65535)) AS user_id,
  CAST(s."account_id" AS VARCHAR(65535)) AS account_id
from "memberships" AS s
where CAST(s."user_id" AS VARCHAR(65535)) in (
  select id
  from "roster_stage_users"
)
  and CAST(s."account_id" AS VARCHAR(65535)) in (
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

-- audience big
CREATE TEMPORARY TABLE "roster_audience_big" AS
select e.id
from "roster_stage_accounts" as "e"
left join "roster_features_account" as "f" on "f"."id" = "e"."id"
where COALESCE(e."seats" > CAST(50 AS DOUBLE PRECISION), FALSE);

-- audience not_big
CREATE TEMPORARY TABLE "roster_audience_not_big" AS
select e.id
from "roster_stage_accounts" as "e"
left join "roster_features_account" as "f" on "f"."id" = "e"."id"
where (NOT COALESCE(e."seats" > CAST(50 AS DOUBLE PRECISION), FALSE));

-- audience not_software
CREATE TEMPORARY TABLE "roster_audience_not_software" AS
select e.id
from "roster_stage_accounts" as "e"
left join "roster_features_account" as "f" on "f"."id" = "e"."id"
where (NOT COALESCE((e."industry" || CHR(1)) = ('Software' || CHR(1)), FALSE));

-- audience neither
CREATE TEMPORARY TABLE "roster_audience_neither" AS
select e.id
from "roster_stage_accounts" as "e"
left join "roster_features_account" as "f" on "f"."id" = "e"."id"
where (NOT (COALESCE((e."industry" || CHR(1)) = ('Software' || CHR(1)), FALSE)
  OR COALESCE((e."plan" || CHR(1)) = ('pro' || CHR(1)), FALSE)));

-- audience not_both
CREATE TEMPORARY TABLE "roster_audience_not_both" AS
select e.id
from "roster_stage_accounts" as "e"
left join "roster_features_account" as "f" on "f"."id" = "e"."id"
where (NOT (COALESCE(e."seats" > CAST(50 AS DOUBLE PRECISION), FALSE)
  AND COALESCE((e."plan" || CHR(1)) = ('pro' || CHR(1)), FALSE)));

-- audience retail_or_finance_pro
CREATE TEMPORARY TABLE "roster_audience_retail_or_finance_pro" AS
select e.id
from "roster_stage_accounts" as "e"
left join "roster_features_account" as "f" on "f"."id" = "e"."id"
where (COALESCE((e."industry" || CHR(1)) = ('Retail' || CHR(1)), FALSE)
  OR (COALESCE((e."industry" || CHR(1)) = ('Finance' || CHR(1)), FALSE)
  AND COALESCE((e."plan" || CHR(1)) = ('pro' || CHR(1)), FALSE)));

-- audience big (account)
select id
from "roster_audience_big";

-- audience not_big (account)
select id
from "roster_audience_not_big";

-- audience not_software (account)
select id
from "roster_audience_not_software";

-- audience neither (account)
select id
from "roster_audience_neither";

-- audience not_both (account)
select id
from "roster_audience_not_both";

-- audience retail_or_finance_pro (account)
select id
from "roster_audience_retail_or_finance_pro";

drop table if exists "roster_audience_retail_or_finance_pro";

drop table if exists "roster_audience_not_both";

drop table if exists "roster_audience_neither";

drop table if exists "roster_audience_not_software";

drop table if exists "roster_audience_not_big";

drop table if exists "roster_audience_big";

drop table if exists "roster_features_account";

drop table if exists "roster_features_user";

drop table if exists "roster_stage_memberships";

drop table if exists "roster_stage_accounts";

drop table if exists "roster_stage_users";
