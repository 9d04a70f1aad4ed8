-- What a good analyst would write by hand for the example project
-- (examples/b2b-saas), on DuckDB, one query per definition. The benchmark
-- (bench/evaluate.bench.ts) checks that every query returns exactly what
-- roster computes, then times both.
--
-- Conventions of this file, read by the benchmark:
--   * `-- setup` starts statements run once first; `-- name: X` starts the
--     query of definition X. Statements are separated by `;` at a line end.
--   * Each query's result is kept as the temp table hw_<name>, so later
--     queries can use earlier ones (as roster does with its own results).
--   * The relations accounts, users, memberships, tracks, pages are views over
--     the generated Parquet files; getvariable('now') is the reference instant.
--   * Audiences return (id); traits return (id, value), one row per entity
--     that has a value (count-like traits: every entity, 0 when nothing).
--
-- The rules of LANGUAGE.md an analyst must remember: memberships and events
-- of unknown users (and unknown accounts) are ignored, events after now are
-- ignored, `within N days` is now - N days < t <= now, a missing value makes
-- a comparison false, and a property of another type than the schema's is
-- missing (a revenue sent as the string "12.5" is not a number): num() and str().
--
-- This is the scale benchmark's practical limit (bench/scale.bench.ts): the
-- track rows are read once and each row's properties parsed once (hw_events).

-- setup
-- num and str read one property of an already extracted JSON value (p[i]
-- below): a value of another JSON type is missing.
CREATE OR REPLACE TEMP MACRO num(v) AS
  CASE WHEN json_type(v) IN ('BIGINT', 'UBIGINT', 'DOUBLE') THEN CAST(json_extract_string(v, '$') AS DOUBLE) END;

CREATE OR REPLACE TEMP MACRO str(v) AS
  CASE WHEN json_type(v) = 'VARCHAR' THEN json_extract_string(v, '$') END;

CREATE OR REPLACE TEMP TABLE hw_memberships AS
SELECT DISTINCT m.user_id, m.account_id
FROM memberships m
WHERE m.user_id IN (SELECT id FROM users) AND m.account_id IN (SELECT id FROM accounts);

-- The practical limit: every track row is read once, and its properties are
-- parsed once (one json_extract of every property any definition reads), into
-- typed columns that every query below reads instead of the JSON.
CREATE OR REPLACE TEMP TABLE hw_events AS
SELECT message_id, user_id, event, timestamp,
       str(p[1]) AS feature, num(p[2]) AS duration, str(p[3]) AS report,
       num(p[4]) AS revenue, str(p[5]) AS currency, num(p[6]) AS score,
       str(p[7]) AS comment, str(p[8]) AS priority, str(p[9]) AS role
FROM (
  SELECT t.message_id, t.user_id, t.event, t.timestamp,
         json_extract(t.properties, ['$.feature', '$.duration', '$.report', '$.revenue', '$.currency',
                                     '$.score', '$.comment', '$.priority', '$.role']) AS p
  FROM tracks t
  WHERE t.user_id IN (SELECT id FROM users) AND t.timestamp <= getvariable('now')
);

-- name: logins_30d
SELECT a.id, count(e.user_id) AS value
FROM accounts a
LEFT JOIN hw_memberships m ON m.account_id = a.id
LEFT JOIN hw_events e
  ON e.user_id = m.user_id AND e.event = 'Logged In'
 AND e.timestamp > getvariable('now') - INTERVAL 30 DAY
GROUP BY a.id;

-- name: active_users_30d
SELECT m.account_id AS id, count(DISTINCT e.user_id) AS value
FROM hw_memberships m
JOIN hw_events e ON e.user_id = m.user_id
WHERE e.event = 'Logged In' AND e.timestamp > getvariable('now') - INTERVAL 30 DAY
GROUP BY m.account_id;

-- name: weekly_active_users
-- count users: each member with a login in the 7 days once, however many
-- logins (DISTINCT); every account, 0 without any.
SELECT a.id, count(DISTINCT e.user_id) AS value
FROM accounts a
LEFT JOIN hw_memberships m ON m.account_id = a.id
LEFT JOIN hw_events e
  ON e.user_id = m.user_id AND e.event = 'Logged In'
 AND e.timestamp > getvariable('now') - INTERVAL 7 DAY
GROUP BY a.id;

-- name: revenue_90d
SELECT a.id, coalesce(sum(x.revenue), 0) AS value
FROM accounts a
LEFT JOIN (
  SELECT m.account_id, e.revenue AS revenue
  FROM hw_memberships m JOIN hw_events e ON e.user_id = m.user_id
  WHERE e.event = 'Order Completed' AND e.currency = 'USD'
    AND e.timestamp > getvariable('now') - INTERVAL 90 DAY
) x ON x.account_id = a.id
GROUP BY a.id;

-- name: top_feature
SELECT id, feature AS value
FROM (
  SELECT m.account_id AS id, e.feature AS feature, count(*) AS n,
         row_number() OVER (PARTITION BY m.account_id ORDER BY count(*) DESC, e.feature) AS rank
  FROM hw_memberships m JOIN hw_events e ON e.user_id = m.user_id
  WHERE e.event = 'Feature Used' AND e.feature IS NOT NULL
    AND e.timestamp > getvariable('now') - INTERVAL 30 DAY
  GROUP BY 1, 2
)
WHERE rank = 1 AND n >= 3;

-- name: reports_viewed_30d
SELECT a.id, coalesce(x.reports, []::VARCHAR[]) AS value
FROM accounts a
LEFT JOIN (
  SELECT m.account_id, list_sort(list_distinct(list(e.report))) AS reports
  FROM hw_memberships m JOIN hw_events e ON e.user_id = m.user_id
  WHERE e.event = 'Report Viewed' AND e.report IS NOT NULL
    AND e.timestamp > getvariable('now') - INTERVAL 30 DAY
  GROUP BY m.account_id
) x ON x.account_id = a.id;

-- name: first_order_at
SELECT m.account_id AS id, min(e.timestamp) AS value
FROM hw_memberships m JOIN hw_events e ON e.user_id = m.user_id
WHERE e.event = 'Order Completed'
GROUP BY m.account_id;

-- name: avg_nps_90d
SELECT m.account_id AS id, avg(e.score) AS value
FROM hw_memberships m JOIN hw_events e ON e.user_id = m.user_id
WHERE e.event = 'NPS Submitted' AND e.score IS NOT NULL
  AND e.timestamp > getvariable('now') - INTERVAL 90 DAY
GROUP BY m.account_id;

-- name: last_login_at
SELECT user_id AS id, max(timestamp) AS value
FROM hw_events
WHERE event = 'Logged In'
GROUP BY user_id;

-- name: features_tried_30d
SELECT u.id, count(DISTINCT e.feature) AS value
FROM users u
LEFT JOIN hw_events e
  ON e.user_id = u.id AND e.event = 'Feature Used'
 AND e.timestamp > getvariable('now') - INTERVAL 30 DAY
GROUP BY u.id;

-- name: last_nps_comment
SELECT user_id AS id, comment AS value
FROM (
  SELECT user_id, comment AS comment,
         row_number() OVER (PARTITION BY user_id ORDER BY timestamp DESC, message_id DESC) AS rank
  FROM hw_events
  WHERE event = 'NPS Submitted' AND comment IS NOT NULL
)
WHERE rank = 1;

-- name: longest_session
SELECT user_id AS id, max(duration) AS value
FROM hw_events
WHERE event = 'Feature Used' AND duration IS NOT NULL
GROUP BY user_id;

-- name: engaged_trials
SELECT a.id
FROM accounts a
JOIN hw_memberships m ON m.account_id = a.id
JOIN hw_events e ON e.user_id = m.user_id
WHERE a.plan = 'trial' AND e.event = 'Report Viewed'
  AND e.timestamp > getvariable('now') - INTERVAL 14 DAY
GROUP BY a.id
HAVING count(DISTINCT e.user_id) >= 3;

-- name: unattended_enterprise
SELECT a.id
FROM accounts a
WHERE a.plan = 'enterprise'
  AND NOT EXISTS (
    SELECT 1
    FROM hw_memberships m
    JOIN users u ON u.id = m.user_id
    JOIN hw_events e ON e.user_id = m.user_id
    WHERE m.account_id = a.id AND u.role = 'Admin' AND e.event = 'Logged In'
      AND e.timestamp > getvariable('now') - INTERVAL 30 DAY
  );

-- name: at_risk
SELECT a.id
FROM accounts a JOIN hw_logins_30d l ON l.id = a.id
WHERE a.plan IN ('pro', 'enterprise') AND l.value < 10;

-- name: expansion_ready
SELECT a.id
FROM accounts a JOIN hw_active_users_30d x ON x.id = a.id
WHERE a.plan = 'pro' AND x.value >= 5 AND list_has_any(a.tags, ['expansion', 'strategic']);

-- name: unhappy
SELECT a.id
FROM accounts a
LEFT JOIN hw_avg_nps_90d n ON n.id = a.id
WHERE n.value < 7
   OR a.id IN (
     SELECT m.account_id
     FROM hw_memberships m
     JOIN (
       SELECT user_id
       FROM hw_events
       WHERE event = 'Support Ticket Opened' AND priority IN ('high', 'urgent')
         AND timestamp > getvariable('now') - INTERVAL 30 DAY
       GROUP BY user_id
       HAVING count(*) >= 2
     ) t ON t.user_id = m.user_id
   );

-- name: fully_adopted
SELECT m.account_id AS id
FROM hw_memberships m
LEFT JOIN (
  SELECT DISTINCT user_id FROM hw_events
  WHERE event = 'Logged In' AND timestamp > getvariable('now') - INTERVAL 7 DAY
) r ON r.user_id = m.user_id
GROUP BY m.account_id
HAVING bool_and(r.user_id IS NOT NULL);

-- name: key_person_risk
WITH heavy AS (
  SELECT user_id FROM hw_events
  WHERE event = 'Feature Used' AND timestamp > getvariable('now') - INTERVAL 7 DAY
  GROUP BY user_id
  HAVING count(*) >= 10
), per_account AS (
  SELECT m.account_id,
         count(*) FILTER (WHERE u.role = 'Admin') AS admins,
         count(h.user_id) AS heavy_users
  FROM hw_memberships m
  JOIN users u ON u.id = m.user_id
  LEFT JOIN heavy h ON h.user_id = m.user_id
  GROUP BY m.account_id
)
SELECT a.id
FROM accounts a JOIN per_account p ON p.account_id = a.id
WHERE a.plan IN ('pro', 'enterprise') AND p.admins = 1 AND p.heavy_users <= 1;

-- name: pricing_shoppers
SELECT a.id
FROM accounts a
WHERE a.plan IN ('free', 'trial')
  AND a.id NOT IN (SELECT id FROM hw_unhappy)
  AND EXISTS (
    SELECT 1
    FROM hw_memberships m
    JOIN pages p ON p.user_id = m.user_id
    WHERE m.account_id = a.id AND p.path = '/pricing'
      AND p.timestamp > getvariable('now') - INTERVAL 14 DAY AND p.timestamp <= getvariable('now')
  );

-- name: free_teams
SELECT a.id
FROM accounts a JOIN hw_weekly_active_users w ON w.id = a.id
WHERE a.plan = 'free' AND w.value >= 3;

-- name: software_admins
SELECT u.id
FROM users u
WHERE u.role IN ('Admin', 'Owner')
  AND EXISTS (
    SELECT 1 FROM hw_memberships m JOIN accounts a ON a.id = m.account_id
    WHERE m.user_id = u.id AND a.industry = 'Software'
  );

-- name: at_risk_champions
SELECT DISTINCT m.user_id AS id
FROM hw_memberships m
JOIN hw_at_risk r ON r.id = m.account_id
JOIN hw_events e ON e.user_id = m.user_id
WHERE e.event = 'Logged In' AND e.timestamp > getvariable('now') - INTERVAL 7 DAY;

-- name: power_users
SELECT e.user_id AS id
FROM hw_events e
JOIN hw_features_tried_30d f ON f.id = e.user_id
WHERE e.event = 'Feature Used' AND e.timestamp > getvariable('now') - INTERVAL 30 DAY
  AND f.value >= 4
GROUP BY e.user_id
HAVING count(*) >= 10;

-- name: dormant_paying_users
SELECT u.id
FROM users u
WHERE u.signed_up_at < TIMESTAMPTZ '2026-05-01 00:00:00+00'
  AND EXISTS (
    SELECT 1 FROM hw_memberships m JOIN accounts a ON a.id = m.account_id
    WHERE m.user_id = u.id AND a.plan IN ('pro', 'enterprise')
  )
  AND NOT EXISTS (
    SELECT 1 FROM hw_events e
    WHERE e.user_id = u.id AND e.event = 'Logged In'
      AND e.timestamp > getvariable('now') - INTERVAL 30 DAY
  );

-- name: beta_testers
SELECT u.id
FROM users u
WHERE u.beta
  AND u.id NOT IN (SELECT id FROM hw_dormant_paying_users)
  AND EXISTS (
    SELECT 1 FROM hw_memberships m JOIN accounts a ON a.id = m.account_id
    WHERE m.user_id = u.id AND a.plan IN ('pro', 'enterprise')
  );

-- name: ticket_then_nps
-- A sequence: a high or urgent ticket in the last 60 days, then an NPS answer
-- later in event order (timestamp, then message id: a missing id first, ids
-- by code point, which is DuckDB's byte order of UTF-8) at most 7 days after it.
SELECT DISTINCT t.user_id AS id
FROM hw_events t
JOIN hw_events n
  ON n.user_id = t.user_id AND n.event = 'NPS Submitted'
 AND (n.timestamp > t.timestamp
      OR (n.timestamp = t.timestamp AND n.message_id IS NOT NULL
          AND (t.message_id IS NULL OR n.message_id > t.message_id)))
 AND n.timestamp <= t.timestamp + INTERVAL 7 DAY
WHERE t.event = 'Support Ticket Opened' AND t.priority IN ('high', 'urgent')
  AND t.timestamp > getvariable('now') - INTERVAL 60 DAY;

-- name: first_time_buyers
SELECT user_id AS id
FROM hw_events
WHERE event = 'Order Completed'
GROUP BY user_id
HAVING min(timestamp) > getvariable('now') - INTERVAL 30 DAY;

-- name: lapsed_users
-- A login at or before now - 30 days and none after it (up to now).
SELECT user_id AS id
FROM hw_events
WHERE event = 'Logged In'
GROUP BY user_id
HAVING max(timestamp) <= getvariable('now') - INTERVAL 30 DAY;

-- name: weekly_regulars
-- Week i holds (now - (i+1) weeks, now - i weeks], i.e. i = floor((now - t) / 1 week).
SELECT user_id AS id
FROM hw_events
WHERE event = 'Logged In' AND timestamp > getvariable('now') - INTERVAL 28 DAY
GROUP BY user_id
HAVING count(DISTINCT floor((epoch(getvariable('now')) - epoch(timestamp)) / 604800)) >= 3;

-- name: at_risk_holdout
-- Bucket: the first 8 hex digits of md5('at_risk_outreach:' || id), mod 10000; 10% = [0, 1000).
SELECT id
FROM hw_at_risk
WHERE CAST('0x' || substr(md5('at_risk_outreach:' || id), 1, 8) AS BIGINT) % 10000 < 1000;

-- name: at_risk_contacted
SELECT id
FROM hw_at_risk
WHERE CAST('0x' || substr(md5('at_risk_outreach:' || id), 1, 8) AS BIGINT) % 10000 >= 1000;
