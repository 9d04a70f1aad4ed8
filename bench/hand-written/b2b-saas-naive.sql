-- The naive compile of the example project (examples/b2b-saas) on DuckDB, the
-- scale benchmark's second baseline (bench/scale.bench.ts): what a compiler
-- that maps each definition to one statement would emit, with no sharing
-- between definitions: every trait and audience is a correlated subquery per
-- account or user over the raw tables, parsing JSON wherever a property is
-- read. Same file conventions and rules as b2b-saas.sql (hw_<name> holds each
-- result; getvariable('now') is the reference instant); the benchmark checks
-- that every query returns exactly roster's results before timing.

-- setup
CREATE OR REPLACE TEMP MACRO num(j, k) AS
  CASE WHEN json_type(j, k) IN ('BIGINT', 'UBIGINT', 'DOUBLE') THEN CAST(json_extract_string(j, k) AS DOUBLE) END;

CREATE OR REPLACE TEMP MACRO str(j, k) AS
  CASE WHEN json_type(j, k) = 'VARCHAR' THEN json_extract_string(j, k) END;

-- Each (account, user) pair once, of users that exist (a user counts once
-- whatever the number of memberships). An account's events are joined to it
-- inside each correlated subquery, as a per-definition compiler would: with
-- an EXISTS correlated to both the account and the event row instead, DuckDB
-- pairs every account with every event row, and the statement grows with
-- accounts times events (13 minutes at SF 0.1; at SF 1 it filled the disk).
CREATE OR REPLACE TEMP VIEW account_users AS
  SELECT DISTINCT m.account_id, m.user_id FROM memberships m JOIN users u ON u.id = m.user_id;

-- name: logins_30d
SELECT a.id, (SELECT count(*) FROM tracks t JOIN account_users m ON m.user_id = t.user_id WHERE t.event = 'Logged In' AND t.timestamp > getvariable('now') - INTERVAL 30 DAY AND t.timestamp <= getvariable('now') AND m.account_id = a.id) AS value
FROM accounts a;

-- name: active_users_30d
SELECT * FROM (
  SELECT a.id, (SELECT count(DISTINCT t.user_id) FROM tracks t JOIN account_users m ON m.user_id = t.user_id WHERE t.event = 'Logged In' AND t.timestamp > getvariable('now') - INTERVAL 30 DAY AND t.timestamp <= getvariable('now') AND m.account_id = a.id) AS value
  FROM accounts a
) WHERE value > 0;

-- name: weekly_active_users
SELECT a.id, (SELECT count(*) FROM users u JOIN account_users au ON au.user_id = u.id
  WHERE au.account_id = a.id
    AND EXISTS (SELECT 1 FROM tracks t WHERE t.user_id = u.id AND t.event = 'Logged In' AND t.timestamp > getvariable('now') - INTERVAL 7 DAY AND t.timestamp <= getvariable('now'))) AS value
FROM accounts a;

-- name: revenue_90d
SELECT a.id, coalesce((SELECT sum(num(t.properties, '$.revenue')) FROM tracks t JOIN account_users m ON m.user_id = t.user_id
  WHERE t.event = 'Order Completed' AND str(t.properties, '$.currency') = 'USD' AND t.timestamp > getvariable('now') - INTERVAL 90 DAY AND t.timestamp <= getvariable('now') AND m.account_id = a.id), 0) AS value
FROM accounts a;

-- name: top_feature
SELECT * FROM (
  SELECT a.id, (SELECT feature FROM (
      SELECT str(t.properties, '$.feature') AS feature, count(*) AS n FROM tracks t JOIN account_users m ON m.user_id = t.user_id
      WHERE t.event = 'Feature Used' AND str(t.properties, '$.feature') IS NOT NULL AND t.timestamp > getvariable('now') - INTERVAL 30 DAY AND t.timestamp <= getvariable('now') AND m.account_id = a.id
      GROUP BY 1 ORDER BY n DESC, feature LIMIT 1) WHERE n >= 3) AS value
  FROM accounts a
) WHERE value IS NOT NULL;

-- name: reports_viewed_30d
SELECT a.id, coalesce((SELECT list_sort(list_distinct(list(str(t.properties, '$.report')))) FROM tracks t JOIN account_users m ON m.user_id = t.user_id
  WHERE t.event = 'Report Viewed' AND str(t.properties, '$.report') IS NOT NULL AND t.timestamp > getvariable('now') - INTERVAL 30 DAY AND t.timestamp <= getvariable('now') AND m.account_id = a.id), []::VARCHAR[]) AS value
FROM accounts a;

-- name: first_order_at
SELECT * FROM (
  SELECT a.id, (SELECT min(t.timestamp) FROM tracks t JOIN account_users m ON m.user_id = t.user_id WHERE t.event = 'Order Completed' AND t.timestamp <= getvariable('now') AND m.account_id = a.id) AS value
  FROM accounts a
) WHERE value IS NOT NULL;

-- name: avg_nps_90d
SELECT * FROM (
  SELECT a.id, (SELECT avg(num(t.properties, '$.score')) FROM tracks t JOIN account_users m ON m.user_id = t.user_id WHERE t.event = 'NPS Submitted' AND t.timestamp > getvariable('now') - INTERVAL 90 DAY AND t.timestamp <= getvariable('now') AND m.account_id = a.id) AS value
  FROM accounts a
) WHERE value IS NOT NULL;

-- name: last_login_at
SELECT * FROM (
  SELECT u.id, (SELECT max(t.timestamp) FROM tracks t WHERE t.user_id = u.id AND t.event = 'Logged In' AND t.timestamp <= getvariable('now')) AS value
  FROM users u
) WHERE value IS NOT NULL;

-- name: features_tried_30d
SELECT u.id, (SELECT count(DISTINCT str(t.properties, '$.feature')) FROM tracks t
  WHERE t.user_id = u.id AND t.event = 'Feature Used' AND t.timestamp > getvariable('now') - INTERVAL 30 DAY AND t.timestamp <= getvariable('now')) AS value
FROM users u;

-- name: last_nps_comment
SELECT * FROM (
  SELECT u.id, (SELECT str(t.properties, '$.comment') FROM tracks t
    WHERE t.user_id = u.id AND t.event = 'NPS Submitted' AND str(t.properties, '$.comment') IS NOT NULL AND t.timestamp <= getvariable('now')
    ORDER BY t.timestamp DESC, t.message_id DESC NULLS LAST LIMIT 1) AS value
  FROM users u
) WHERE value IS NOT NULL;

-- name: longest_session
SELECT * FROM (
  SELECT u.id, (SELECT max(num(t.properties, '$.duration')) FROM tracks t
    WHERE t.user_id = u.id AND t.event = 'Feature Used' AND t.timestamp <= getvariable('now')) AS value
  FROM users u
) WHERE value IS NOT NULL;

-- name: engaged_trials
SELECT a.id FROM accounts a
WHERE a.plan = 'trial'
  AND (SELECT count(DISTINCT t.user_id) FROM tracks t JOIN account_users m ON m.user_id = t.user_id WHERE t.event = 'Report Viewed' AND t.timestamp > getvariable('now') - INTERVAL 14 DAY AND t.timestamp <= getvariable('now') AND m.account_id = a.id) >= 3;

-- name: unattended_enterprise
SELECT a.id FROM accounts a
WHERE a.plan = 'enterprise'
  AND NOT EXISTS (SELECT 1 FROM users u JOIN account_users au ON au.user_id = u.id WHERE u.role = 'Admin' AND au.account_id = a.id
    AND EXISTS (SELECT 1 FROM tracks t WHERE t.user_id = u.id AND t.event = 'Logged In' AND t.timestamp > getvariable('now') - INTERVAL 30 DAY AND t.timestamp <= getvariable('now')));

-- name: at_risk
SELECT a.id FROM accounts a
WHERE a.plan IN ('pro', 'enterprise') AND (SELECT l.value FROM hw_logins_30d l WHERE l.id = a.id) < 10;

-- name: expansion_ready
SELECT a.id FROM accounts a
WHERE a.plan = 'pro' AND (SELECT x.value FROM hw_active_users_30d x WHERE x.id = a.id) >= 5
  AND list_has_any(a.tags, ['expansion', 'strategic']);

-- name: unhappy
SELECT a.id FROM accounts a
WHERE coalesce((SELECT n.value FROM hw_avg_nps_90d n WHERE n.id = a.id) < 7, false)
   OR EXISTS (SELECT 1 FROM users u JOIN account_users au ON au.user_id = u.id WHERE au.account_id = a.id
     AND (SELECT count(*) FROM tracks t WHERE t.user_id = u.id AND t.event = 'Support Ticket Opened'
          AND str(t.properties, '$.priority') IN ('high', 'urgent') AND t.timestamp > getvariable('now') - INTERVAL 30 DAY AND t.timestamp <= getvariable('now')) >= 2);

-- name: fully_adopted
SELECT a.id FROM accounts a
WHERE EXISTS (SELECT 1 FROM users u JOIN account_users au ON au.user_id = u.id WHERE au.account_id = a.id)
  AND NOT EXISTS (SELECT 1 FROM users u JOIN account_users au ON au.user_id = u.id WHERE au.account_id = a.id
    AND NOT EXISTS (SELECT 1 FROM tracks t WHERE t.user_id = u.id AND t.event = 'Logged In' AND t.timestamp > getvariable('now') - INTERVAL 7 DAY AND t.timestamp <= getvariable('now')));

-- name: key_person_risk
SELECT a.id FROM accounts a
WHERE a.plan IN ('pro', 'enterprise')
  AND (SELECT count(*) FROM users u JOIN account_users au ON au.user_id = u.id WHERE au.account_id = a.id AND u.role = 'Admin') = 1
  AND (SELECT count(*) FROM users u JOIN account_users au ON au.user_id = u.id WHERE au.account_id = a.id
       AND (SELECT count(*) FROM tracks t WHERE t.user_id = u.id AND t.event = 'Feature Used' AND t.timestamp > getvariable('now') - INTERVAL 7 DAY AND t.timestamp <= getvariable('now')) >= 10) <= 1;

-- name: pricing_shoppers
SELECT a.id FROM accounts a
WHERE a.plan IN ('free', 'trial')
  AND a.id NOT IN (SELECT id FROM hw_unhappy)
  AND EXISTS (SELECT 1 FROM pages p JOIN account_users m ON m.user_id = p.user_id WHERE p.path = '/pricing' AND p.timestamp > getvariable('now') - INTERVAL 14 DAY AND p.timestamp <= getvariable('now')
    AND m.account_id = a.id);

-- name: free_teams
SELECT a.id FROM accounts a
WHERE a.plan = 'free' AND (SELECT w.value FROM hw_weekly_active_users w WHERE w.id = a.id) >= 3;

-- name: software_admins
SELECT u.id FROM users u
WHERE u.role IN ('Admin', 'Owner') AND EXISTS (SELECT 1 FROM memberships m JOIN accounts a ON a.id = m.account_id WHERE m.user_id = u.id AND a.industry = 'Software');

-- name: at_risk_champions
SELECT u.id FROM users u
WHERE EXISTS (SELECT 1 FROM memberships m WHERE m.user_id = u.id AND m.account_id IN (SELECT id FROM hw_at_risk))
  AND EXISTS (SELECT 1 FROM tracks t WHERE t.user_id = u.id AND t.event = 'Logged In' AND t.timestamp > getvariable('now') - INTERVAL 7 DAY AND t.timestamp <= getvariable('now'));

-- name: power_users
SELECT u.id FROM users u
WHERE (SELECT count(*) FROM tracks t WHERE t.user_id = u.id AND t.event = 'Feature Used' AND t.timestamp > getvariable('now') - INTERVAL 30 DAY AND t.timestamp <= getvariable('now')) >= 10
  AND (SELECT f.value FROM hw_features_tried_30d f WHERE f.id = u.id) >= 4;

-- name: dormant_paying_users
SELECT u.id FROM users u
WHERE u.signed_up_at < TIMESTAMPTZ '2026-05-01 00:00:00+00'
  AND EXISTS (SELECT 1 FROM memberships m JOIN accounts a ON a.id = m.account_id WHERE m.user_id = u.id AND a.plan IN ('pro', 'enterprise'))
  AND NOT EXISTS (SELECT 1 FROM tracks t WHERE t.user_id = u.id AND t.event = 'Logged In' AND t.timestamp > getvariable('now') - INTERVAL 30 DAY AND t.timestamp <= getvariable('now'));

-- name: beta_testers
SELECT u.id FROM users u
WHERE u.beta AND u.id NOT IN (SELECT id FROM hw_dormant_paying_users)
  AND EXISTS (SELECT 1 FROM memberships m JOIN accounts a ON a.id = m.account_id WHERE m.user_id = u.id AND a.plan IN ('pro', 'enterprise'));

-- name: ticket_then_nps
SELECT u.id FROM users u
WHERE EXISTS (SELECT 1 FROM tracks t JOIN tracks n ON n.user_id = t.user_id
  WHERE t.user_id = u.id AND t.event = 'Support Ticket Opened' AND str(t.properties, '$.priority') IN ('high', 'urgent')
    AND t.timestamp > getvariable('now') - INTERVAL 60 DAY AND t.timestamp <= getvariable('now')
    AND n.event = 'NPS Submitted' AND n.timestamp <= getvariable('now') AND n.timestamp <= t.timestamp + INTERVAL 7 DAY
    AND (n.timestamp > t.timestamp OR (n.timestamp = t.timestamp AND n.message_id IS NOT NULL AND (t.message_id IS NULL OR n.message_id > t.message_id))));

-- name: first_time_buyers
SELECT u.id FROM users u
WHERE (SELECT min(t.timestamp) FROM tracks t WHERE t.user_id = u.id AND t.event = 'Order Completed' AND t.timestamp <= getvariable('now')) > getvariable('now') - INTERVAL 30 DAY;

-- name: lapsed_users
SELECT u.id FROM users u
WHERE EXISTS (SELECT 1 FROM tracks t WHERE t.user_id = u.id AND t.event = 'Logged In' AND t.timestamp <= getvariable('now') - INTERVAL 30 DAY)
  AND NOT EXISTS (SELECT 1 FROM tracks t WHERE t.user_id = u.id AND t.event = 'Logged In' AND t.timestamp > getvariable('now') - INTERVAL 30 DAY AND t.timestamp <= getvariable('now'));

-- name: weekly_regulars
SELECT u.id FROM users u
WHERE (SELECT count(DISTINCT floor((epoch(getvariable('now')) - epoch(t.timestamp)) / 604800)) FROM tracks t
       WHERE t.user_id = u.id AND t.event = 'Logged In' AND t.timestamp > getvariable('now') - INTERVAL 28 DAY AND t.timestamp <= getvariable('now')) >= 3;

-- name: at_risk_holdout
SELECT id FROM hw_at_risk WHERE CAST('0x' || substr(md5('at_risk_outreach:' || id), 1, 8) AS BIGINT) % 10000 < 1000;

-- name: at_risk_contacted
SELECT id FROM hw_at_risk WHERE CAST('0x' || substr(md5('at_risk_outreach:' || id), 1, 8) AS BIGINT) % 10000 >= 1000;
