-- The scale benchmark's practical limit on PostgreSQL: ../b2b-saas.sql (DuckDB)
-- as a PostgreSQL expert writes it, the same definitions and the same rules,
-- checked to return exactly roster's results (bench/scale/contenders.ts).
--
-- Conventions, as in ../b2b-saas.sql (read by the benchmark): `-- setup`
-- starts statements run once first; `-- name: X` starts the query of
-- definition X, kept as the temp table hw_<name>; statements end with `;` at
-- a line end. `:now` is the reference instant, a timestamptz literal the
-- benchmark writes in (as psql's `-v now=…` would).
--
-- PostgreSQL's idioms: properties are jsonb, parsed once when loaded, and
-- each row's properties are read once into the typed columns of hw_events;
-- the temporary tables are analyzed (autovacuum never does); orders that
-- decide a result compare text byte-wise (COLLATE "C", DuckDB's order).

-- setup
-- now - a span, folded into a constant when a statement is planned: written
-- inline, `:now - INTERVAL '30 days'` is only STABLE (its day arithmetic
-- depends on the session's time zone), so it would be computed for every row
-- a filter reads.
CREATE FUNCTION pg_temp.ago(span interval) RETURNS timestamptz
  LANGUAGE sql IMMUTABLE AS $$ SELECT :now - span $$;

CREATE TEMP TABLE hw_memberships AS
SELECT DISTINCT m.user_id, m.account_id
FROM memberships m
WHERE m.user_id IN (SELECT id FROM users) AND m.account_id IN (SELECT id FROM accounts);

ANALYZE hw_memberships;

-- Every track row read once, its properties read once into typed columns
-- (a value of another JSON type is missing) that every query below reads.
CREATE TEMP TABLE hw_events AS
SELECT t.message_id, t.user_id, t.event, t.timestamp,
       CASE WHEN jsonb_typeof(t.properties -> 'feature') = 'string' THEN t.properties ->> 'feature' END AS feature,
       CASE WHEN jsonb_typeof(t.properties -> 'duration') = 'number' THEN (t.properties ->> 'duration')::double precision END AS duration,
       CASE WHEN jsonb_typeof(t.properties -> 'report') = 'string' THEN t.properties ->> 'report' END AS report,
       CASE WHEN jsonb_typeof(t.properties -> 'revenue') = 'number' THEN (t.properties ->> 'revenue')::double precision END AS revenue,
       CASE WHEN jsonb_typeof(t.properties -> 'currency') = 'string' THEN t.properties ->> 'currency' END AS currency,
       CASE WHEN jsonb_typeof(t.properties -> 'score') = 'number' THEN (t.properties ->> 'score')::double precision END AS score,
       CASE WHEN jsonb_typeof(t.properties -> 'comment') = 'string' THEN t.properties ->> 'comment' END AS comment,
       CASE WHEN jsonb_typeof(t.properties -> 'priority') = 'string' THEN t.properties ->> 'priority' END AS priority,
       CASE WHEN jsonb_typeof(t.properties -> 'role') = 'string' THEN t.properties ->> 'role' END AS role
FROM tracks t
WHERE t.user_id IN (SELECT id FROM users) AND t.timestamp <= :now
ORDER BY t.event, t.timestamp;

-- Every query below reads one or two events, most in a window: stored in
-- that order and indexed, each reads its own rows, not all of them.
CREATE INDEX ON hw_events (event, timestamp);

ANALYZE hw_events;

-- name: logins_30d
SELECT a.id, count(e.user_id) AS value
FROM accounts a
LEFT JOIN hw_memberships m ON m.account_id = a.id
LEFT JOIN hw_events e
  ON e.user_id = m.user_id AND e.event = 'Logged In'
 AND e.timestamp > pg_temp.ago('30 days')
GROUP BY a.id;

-- name: active_users_30d
SELECT m.account_id AS id, count(DISTINCT e.user_id) AS value
FROM hw_memberships m
JOIN hw_events e ON e.user_id = m.user_id
WHERE e.event = 'Logged In' AND e.timestamp > pg_temp.ago('30 days')
GROUP BY m.account_id;

-- name: weekly_active_users
SELECT a.id, count(DISTINCT e.user_id) AS value
FROM accounts a
LEFT JOIN hw_memberships m ON m.account_id = a.id
LEFT JOIN hw_events e
  ON e.user_id = m.user_id AND e.event = 'Logged In'
 AND e.timestamp > pg_temp.ago('7 days')
GROUP BY a.id;

-- name: revenue_90d
SELECT a.id, coalesce(sum(x.revenue), 0) AS value
FROM accounts a
LEFT JOIN (
  SELECT m.account_id, e.revenue AS revenue
  FROM hw_memberships m JOIN hw_events e ON e.user_id = m.user_id
  WHERE e.event = 'Order Completed' AND e.currency = 'USD'
    AND e.timestamp > pg_temp.ago('90 days')
) x ON x.account_id = a.id
GROUP BY a.id;

-- name: top_feature
SELECT id, feature AS value
FROM (
  SELECT m.account_id AS id, e.feature AS feature, count(*) AS n,
         row_number() OVER (PARTITION BY m.account_id ORDER BY count(*) DESC, e.feature COLLATE "C") AS rank
  FROM hw_memberships m JOIN hw_events e ON e.user_id = m.user_id
  WHERE e.event = 'Feature Used' AND e.feature IS NOT NULL
    AND e.timestamp > pg_temp.ago('30 days')
  GROUP BY 1, 2
) ranked
WHERE rank = 1 AND n >= 3;

-- name: reports_viewed_30d
SELECT a.id, coalesce(x.reports, '{}'::text[]) AS value
FROM accounts a
LEFT JOIN (
  SELECT m.account_id, array_agg(DISTINCT e.report COLLATE "C" ORDER BY e.report COLLATE "C") AS reports
  FROM hw_memberships m JOIN hw_events e ON e.user_id = m.user_id
  WHERE e.event = 'Report Viewed' AND e.report IS NOT NULL
    AND e.timestamp > pg_temp.ago('30 days')
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
  AND e.timestamp > pg_temp.ago('90 days')
GROUP BY m.account_id;

-- name: last_login_at
SELECT user_id AS id, max(e.timestamp) AS value
FROM hw_events e
WHERE event = 'Logged In'
GROUP BY user_id;

-- name: features_tried_30d
SELECT u.id, count(DISTINCT e.feature) AS value
FROM users u
LEFT JOIN hw_events e
  ON e.user_id = u.id AND e.event = 'Feature Used'
 AND e.timestamp > pg_temp.ago('30 days')
GROUP BY u.id;

-- name: last_nps_comment
SELECT DISTINCT ON (e.user_id) e.user_id AS id, e.comment AS value
FROM hw_events e
WHERE e.event = 'NPS Submitted' AND e.comment IS NOT NULL
ORDER BY e.user_id, e.timestamp DESC, e.message_id COLLATE "C" DESC NULLS LAST;

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
  AND e.timestamp > pg_temp.ago('14 days')
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
      AND e.timestamp > pg_temp.ago('30 days')
  );

-- name: at_risk
SELECT a.id
FROM accounts a JOIN hw_logins_30d l ON l.id = a.id
WHERE a.plan IN ('pro', 'enterprise') AND l.value < 10;

-- name: expansion_ready
SELECT a.id
FROM accounts a JOIN hw_active_users_30d x ON x.id = a.id
WHERE a.plan = 'pro' AND x.value >= 5 AND a.tags && ARRAY['expansion', 'strategic'];

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
         AND timestamp > pg_temp.ago('30 days')
       GROUP BY user_id
       HAVING count(*) >= 2
     ) t ON t.user_id = m.user_id
   );

-- name: fully_adopted
SELECT m.account_id AS id
FROM hw_memberships m
LEFT JOIN (
  SELECT DISTINCT user_id FROM hw_events
  WHERE event = 'Logged In' AND timestamp > pg_temp.ago('7 days')
) r ON r.user_id = m.user_id
GROUP BY m.account_id
HAVING bool_and(r.user_id IS NOT NULL);

-- name: key_person_risk
WITH heavy AS (
  SELECT user_id FROM hw_events
  WHERE event = 'Feature Used' AND timestamp > pg_temp.ago('7 days')
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
      AND p.timestamp > pg_temp.ago('14 days') AND p.timestamp <= :now
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
WHERE e.event = 'Logged In' AND e.timestamp > pg_temp.ago('7 days');

-- name: power_users
SELECT e.user_id AS id
FROM hw_events e
JOIN hw_features_tried_30d f ON f.id = e.user_id
WHERE e.event = 'Feature Used' AND e.timestamp > pg_temp.ago('30 days')
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
      AND e.timestamp > pg_temp.ago('30 days')
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
-- in byte order) at most 7 days after it.
SELECT DISTINCT t.user_id AS id
FROM hw_events t
JOIN hw_events n
  ON n.user_id = t.user_id AND n.event = 'NPS Submitted'
 AND (n.timestamp > t.timestamp
      OR (n.timestamp = t.timestamp AND n.message_id IS NOT NULL
          AND (t.message_id IS NULL OR n.message_id COLLATE "C" > t.message_id COLLATE "C")))
 AND n.timestamp <= t.timestamp + INTERVAL '7 days'
WHERE t.event = 'Support Ticket Opened' AND t.priority IN ('high', 'urgent')
  AND t.timestamp > pg_temp.ago('60 days');

-- name: first_time_buyers
SELECT user_id AS id
FROM hw_events
WHERE event = 'Order Completed'
GROUP BY user_id
HAVING min(timestamp) > pg_temp.ago('30 days');

-- name: lapsed_users
-- A login at or before now - 30 days and none after it (up to now).
SELECT user_id AS id
FROM hw_events
WHERE event = 'Logged In'
GROUP BY user_id
HAVING max(timestamp) <= pg_temp.ago('30 days');

-- name: weekly_regulars
-- Week i holds (now - (i+1) weeks, now - i weeks], i.e. i = floor((now - t) / 1 week).
SELECT user_id AS id
FROM hw_events
WHERE event = 'Logged In' AND timestamp > pg_temp.ago('28 days')
GROUP BY user_id
HAVING count(DISTINCT floor((extract(epoch FROM :now) - extract(epoch FROM timestamp)) / 604800)) >= 3;

-- name: at_risk_holdout
-- Bucket: the first 8 hex digits of md5('at_risk_outreach:' || id), mod 10000; 10% = [0, 1000).
SELECT id
FROM hw_at_risk
WHERE ('x' || substr(md5('at_risk_outreach:' || id), 1, 8))::bit(32)::bigint % 10000 < 1000;

-- name: at_risk_contacted
SELECT id
FROM hw_at_risk
WHERE ('x' || substr(md5('at_risk_outreach:' || id), 1, 8))::bit(32)::bigint % 10000 >= 1000;
