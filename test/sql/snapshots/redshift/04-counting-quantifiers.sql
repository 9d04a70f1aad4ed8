-- roster: redshift script for now = 2026-06-30T00:00:00.000Z

-- Every user (distinct non-null ids) with the custom traits the project reads.
CREATE TEMPORARY TABLE "roster_stage_users" AS
SELECT d.id, d."role"
FROM (
  SELECT
    CAST(s."id" AS VARCHAR(65535)) AS id,
    CAST(s."role" AS VARCHAR(65535)) AS "role",
    row_number() OVER (PARTITION BY CAST(s."id" AS VARCHAR(65535)) ORDER BY CAST(s."id" AS VARCHAR(65535))) AS roster_row
  FROM "users" AS s
  WHERE CAST(s."id" AS VARCHAR(65535)) IS NOT NULL
) AS d
WHERE d.roster_row = 1;

-- Every account (distinct non-null ids) with the custom traits the project reads.
CREATE TEMPORARY TABLE "roster_stage_accounts" AS
SELECT d.id, d."plan"
FROM (
  SELECT
    CAST(s."id" AS VARCHAR(65535)) AS id,
    CAST(s."plan" AS VARCHAR(65535)) AS "plan",
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

-- The one scan of tracks: events up to now, only what the project reads.
CREATE TEMPORARY TABLE "roster_stage_tracks" AS
SELECT
  CAST(s."user_id" AS VARCHAR(65535)) AS user_id,
  CAST(s."timestamp" AS TIMESTAMPTZ) AS ts,
  CAST(s."event" AS VARCHAR(65535)) AS event
FROM "tracks" AS s
WHERE CAST(s."user_id" AS VARCHAR(65535)) IS NOT NULL
  AND CAST(s."timestamp" AS TIMESTAMPTZ) <= CAST('2026-06-30 00:00:00.000+00:00' AS TIMESTAMPTZ)
  AND CAST(s."timestamp" AS TIMESTAMPTZ) >= CAST('2026-05-31 00:00:00.000+00:00' AS TIMESTAMPTZ)
  AND CAST(s."event" AS VARCHAR(65535)) IN ('Logged In');

-- Partial aggregates of every feature over tracks, in one pass, per user.
CREATE TEMPORARY TABLE "roster_partials_tracks" AS
SELECT
  e.user_id,
  count(CASE WHEN e.event = 'Logged In' AND e.ts > CAST('2026-05-31 00:00:00.000+00:00' AS TIMESTAMPTZ) AND e.ts <= CAST('2026-06-30 00:00:00.000+00:00' AS TIMESTAMPTZ) THEN 1 END) AS "f1__n",
  count(CASE WHEN e.event = 'Logged In' AND e.ts > CAST('2026-06-23 00:00:00.000+00:00' AS TIMESTAMPTZ) AND e.ts <= CAST('2026-06-30 00:00:00.000+00:00' AS TIMESTAMPTZ) THEN 1 END) AS "f2__n"
FROM "roster_stage_tracks" AS e
GROUP BY e.user_id;

-- Every feature needed per user.
CREATE TEMPORARY TABLE "roster_features_user" AS
SELECT
  x.id,
  COALESCE(r1."f1", CAST(0 AS DOUBLE PRECISION)) AS "f1",
  COALESCE(r1."f2", CAST(0 AS DOUBLE PRECISION)) AS "f2"
FROM "roster_stage_users" AS x
LEFT JOIN (
  SELECT p.user_id AS id,
      CAST(sum(p."f1__n") AS DOUBLE PRECISION) AS "f1",
      CAST(sum(p."f2__n") AS DOUBLE PRECISION) AS "f2"
  FROM "roster_partials_tracks" AS p
  GROUP BY p.user_id
) AS r1
  ON r1.id = x.id;

-- No event features per account.
CREATE TEMPORARY TABLE "roster_features_account" AS
SELECT x.id FROM "roster_stage_accounts" AS x;

-- audience two_plus_active
CREATE TEMPORARY TABLE "roster_audience_two_plus_active" AS
SELECT e.id
FROM "roster_stage_accounts" AS e
LEFT JOIN "roster_features_account" AS f ON f.id = e.id
WHERE ((
  SELECT count(*) FROM "roster_stage_memberships" AS m1
  JOIN "roster_stage_users" AS u2 ON u2.id = m1.user_id
  LEFT JOIN "roster_features_user" AS fu3 ON fu3.id = u2.id
  WHERE m1.account_id = e.id
  AND COALESCE(fu3."f1" >= CAST(1 AS DOUBLE PRECISION), FALSE)
) >= CAST(2 AS DOUBLE PRECISION));

-- audience at_most_two_active
CREATE TEMPORARY TABLE "roster_audience_at_most_two_active" AS
SELECT e.id
FROM "roster_stage_accounts" AS e
LEFT JOIN "roster_features_account" AS f ON f.id = e.id
WHERE ((
  SELECT count(*) FROM "roster_stage_memberships" AS m4
  JOIN "roster_stage_users" AS u5 ON u5.id = m4.user_id
  LEFT JOIN "roster_features_user" AS fu6 ON fu6.id = u5.id
  WHERE m4.account_id = e.id
  AND COALESCE(fu6."f1" >= CAST(1 AS DOUBLE PRECISION), FALSE)
) <= CAST(2 AS DOUBLE PRECISION));

-- audience exactly_two_admins
CREATE TEMPORARY TABLE "roster_audience_exactly_two_admins" AS
SELECT e.id
FROM "roster_stage_accounts" AS e
LEFT JOIN "roster_features_account" AS f ON f.id = e.id
WHERE ((
  SELECT count(*) FROM "roster_stage_memberships" AS m7
  JOIN "roster_stage_users" AS u8 ON u8.id = m7.user_id
  LEFT JOIN "roster_features_user" AS fu9 ON fu9.id = u8.id
  WHERE m7.account_id = e.id
  AND COALESCE(u8."role" = 'Admin', FALSE)
) = CAST(2 AS DOUBLE PRECISION));

-- audience none_active_7d
CREATE TEMPORARY TABLE "roster_audience_none_active_7d" AS
SELECT e.id
FROM "roster_stage_accounts" AS e
LEFT JOIN "roster_features_account" AS f ON f.id = e.id
WHERE ((
  SELECT count(*) FROM "roster_stage_memberships" AS m10
  JOIN "roster_stage_users" AS u11 ON u11.id = m10.user_id
  LEFT JOIN "roster_features_user" AS fu12 ON fu12.id = u11.id
  WHERE m10.account_id = e.id
  AND COALESCE(fu12."f2" >= CAST(1 AS DOUBLE PRECISION), FALSE)
) = CAST(0 AS DOUBLE PRECISION));

-- audience pro_with_admin
CREATE TEMPORARY TABLE "roster_audience_pro_with_admin" AS
SELECT e.id
FROM "roster_stage_accounts" AS e
LEFT JOIN "roster_features_account" AS f ON f.id = e.id
WHERE (EXISTS (
  SELECT 1 FROM "roster_stage_memberships" AS m13
  JOIN "roster_stage_users" AS u14 ON u14.id = m13.user_id
  LEFT JOIN "roster_features_user" AS fu15 ON fu15.id = u14.id
  WHERE m13.account_id = e.id
  AND COALESCE(u14."role" = 'Admin', FALSE)
)
  AND COALESCE(e."plan" = 'pro', FALSE));

-- audience two_plus_active (account)
SELECT id FROM "roster_audience_two_plus_active";

-- audience at_most_two_active (account)
SELECT id FROM "roster_audience_at_most_two_active";

-- audience exactly_two_admins (account)
SELECT id FROM "roster_audience_exactly_two_admins";

-- audience none_active_7d (account)
SELECT id FROM "roster_audience_none_active_7d";

-- audience pro_with_admin (account)
SELECT id FROM "roster_audience_pro_with_admin";

DROP TABLE IF EXISTS "roster_audience_pro_with_admin";

DROP TABLE IF EXISTS "roster_audience_none_active_7d";

DROP TABLE IF EXISTS "roster_audience_exactly_two_admins";

DROP TABLE IF EXISTS "roster_audience_at_most_two_active";

DROP TABLE IF EXISTS "roster_audience_two_plus_active";

DROP TABLE IF EXISTS "roster_features_account";

DROP TABLE IF EXISTS "roster_features_user";

DROP TABLE IF EXISTS "roster_partials_tracks";

DROP TABLE IF EXISTS "roster_stage_tracks";

DROP TABLE IF EXISTS "roster_stage_memberships";

DROP TABLE IF EXISTS "roster_stage_accounts";

DROP TABLE IF EXISTS "roster_stage_users";
