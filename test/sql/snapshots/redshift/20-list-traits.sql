-- roster: redshift script for now = 2026-06-30T00:00:00.000Z

-- Every user (distinct non-null ids) with the custom traits the project reads.
CREATE TEMPORARY TABLE "roster_stage_users" AS
SELECT d.id
FROM (
  SELECT
    CAST(s."id" AS VARCHAR(65535)) AS id,
    row_number() OVER (PARTITION BY CAST(s."id" AS VARCHAR(65535)) ORDER BY CAST(s."id" AS VARCHAR(65535))) AS roster_row
  FROM "users" AS s
  WHERE CAST(s."id" AS VARCHAR(65535)) IS NOT NULL
) AS d
WHERE d.roster_row = 1;

-- Every account (distinct non-null ids) with the custom traits the project reads.
CREATE TEMPORARY TABLE "roster_stage_accounts" AS
SELECT d.id, d."tags"
FROM (
  SELECT
    CAST(s."id" AS VARCHAR(65535)) AS id,
    CAST(s."tags" AS SUPER) AS "tags",
    row_number() OVER (PARTITION BY CAST(s."id" AS VARCHAR(65535)) ORDER BY CAST(s."id" AS VARCHAR(65535))) AS roster_row
  FROM "accounts" AS s
  WHERE CAST(s."id" AS VARCHAR(65535)) IS NOT NULL
) AS d
WHERE d.roster_row = 1;

-- Distinct (user, account) pairs whose user and account both exist.
CREATE TEMPORARY TABLE "roster_stage_memberships" AS
SELECT DISTINCT CAST(s."user_id" AS VARCHAR(65535)) AS user_id, CAST(s."account_id" AS VARCHAR(65535)) AS account_id
FROM "memberships" AS s
WHERE CAST(s."user_id" AS VARCHAR(65535)) IN (SELECT id FROM "roster_stage_users")
  AND CAST(s."account_id" AS VARCHAR(65535)) IN (SELECT id FROM "roster_stage_accounts");

-- No event features per user.
CREATE TEMPORARY TABLE "roster_features_user" AS
SELECT x.id FROM "roster_stage_users" AS x;

-- No event features per account.
CREATE TEMPORARY TABLE "roster_features_account" AS
SELECT x.id FROM "roster_stage_accounts" AS x;

-- audience beta_tagged
CREATE TEMPORARY TABLE "roster_audience_beta_tagged" AS
select e.id from "roster_stage_accounts" as "e" left join "roster_features_account" as "f" on "f"."id" = "e"."id" where COALESCE((ARRAY_CONTAINS(e."tags", 'beta')), FALSE);

-- audience any_ent
CREATE TEMPORARY TABLE "roster_audience_any_ent" AS
select e.id from "roster_stage_accounts" as "e" left join "roster_features_account" as "f" on "f"."id" = "e"."id" where COALESCE((ARRAY_CONTAINS(e."tags", 'enterprise') OR ARRAY_CONTAINS(e."tags", 'smb')), FALSE);

-- audience beta_and_ent
CREATE TEMPORARY TABLE "roster_audience_beta_and_ent" AS
select e.id from "roster_stage_accounts" as "e" left join "roster_features_account" as "f" on "f"."id" = "e"."id" where COALESCE((ARRAY_CONTAINS(e."tags", 'beta') AND ARRAY_CONTAINS(e."tags", 'enterprise')), FALSE);

-- audience not_beta
CREATE TEMPORARY TABLE "roster_audience_not_beta" AS
select e.id from "roster_stage_accounts" as "e" left join "roster_features_account" as "f" on "f"."id" = "e"."id" where (NOT COALESCE((ARRAY_CONTAINS(e."tags", 'beta')), FALSE));

-- audience beta_tagged (account)
select id from "roster_audience_beta_tagged";

-- audience any_ent (account)
select id from "roster_audience_any_ent";

-- audience beta_and_ent (account)
select id from "roster_audience_beta_and_ent";

-- audience not_beta (account)
select id from "roster_audience_not_beta";

DROP TABLE IF EXISTS "roster_audience_not_beta";

DROP TABLE IF EXISTS "roster_audience_beta_and_ent";

DROP TABLE IF EXISTS "roster_audience_any_ent";

DROP TABLE IF EXISTS "roster_audience_beta_tagged";

DROP TABLE IF EXISTS "roster_features_account";

DROP TABLE IF EXISTS "roster_features_user";

DROP TABLE IF EXISTS "roster_stage_memberships";

DROP TABLE IF EXISTS "roster_stage_accounts";

DROP TABLE IF EXISTS "roster_stage_users";
