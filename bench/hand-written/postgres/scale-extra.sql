-- The practical limit on PostgreSQL for the definitions the scale benchmark's
-- program adds to the example's: ../scale-extra.sql (DuckDB) as a PostgreSQL
-- expert writes it. It runs after b2b-saas.sql here, in the same session
-- (hw_memberships, hw_events, pg_temp.ago and the results hw_<name>).
-- Event order for first/last: (timestamp, message id in byte order), a
-- missing message id first.

-- name: min_order_90d
SELECT user_id AS id, min(revenue) AS value
FROM hw_events
WHERE event = 'Order Completed' AND revenue IS NOT NULL
  AND timestamp > pg_temp.ago('90 days')
GROUP BY user_id;

-- name: first_feature
SELECT DISTINCT ON (m.account_id) m.account_id AS id, e.feature AS value
FROM hw_memberships m JOIN hw_events e ON e.user_id = m.user_id
WHERE e.event = 'Feature Used' AND e.feature IS NOT NULL
ORDER BY m.account_id, e.timestamp, e.message_id COLLATE "C" NULLS FIRST;

-- name: last_priority_30d
SELECT DISTINCT ON (m.account_id) m.account_id AS id, e.priority AS value
FROM hw_memberships m JOIN hw_events e ON e.user_id = m.user_id
WHERE e.event = 'Support Ticket Opened' AND e.priority IS NOT NULL
  AND e.timestamp > pg_temp.ago('30 days')
ORDER BY m.account_id, e.timestamp DESC, e.message_id COLLATE "C" DESC NULLS LAST;

-- name: pricing_views_14d
SELECT a.id, count(p.user_id) AS value
FROM accounts a
LEFT JOIN hw_memberships m ON m.account_id = a.id
LEFT JOIN pages p
  ON p.user_id = m.user_id AND p.path = '/pricing'
 AND p.timestamp > pg_temp.ago('14 days') AND p.timestamp <= :now
GROUP BY a.id;

-- name: screens_30d
SELECT u.id, count(s.user_id) AS value
FROM users u
LEFT JOIN screens s
  ON s.user_id = u.id AND s.timestamp > pg_temp.ago('30 days') AND s.timestamp <= :now
GROUP BY u.id;

-- name: q2_big_or_eur_orders
SELECT u.id, count(e.user_id) AS value
FROM users u
LEFT JOIN hw_events e
  ON e.user_id = u.id AND e.event = 'Order Completed' AND (e.currency = 'EUR' OR e.revenue > 500)
 AND e.timestamp >= TIMESTAMPTZ '2026-04-01 00:00:00+00' AND e.timestamp < TIMESTAMPTZ '2026-07-01 00:00:00+00'
GROUP BY u.id;

-- name: favourite_feature
SELECT DISTINCT ON (user_id) user_id AS id, feature AS value
FROM hw_events
WHERE event = 'Feature Used' AND feature IS NOT NULL
  AND timestamp > pg_temp.ago('30 days')
GROUP BY user_id, feature
ORDER BY user_id, count(*) DESC, feature COLLATE "C";

-- name: usual_score
SELECT DISTINCT ON (m.account_id) m.account_id AS id, e.score AS value
FROM hw_memberships m JOIN hw_events e ON e.user_id = m.user_id
WHERE e.event = 'NPS Submitted' AND e.score IS NOT NULL
GROUP BY m.account_id, e.score
ORDER BY m.account_id, count(*) DESC, e.score;

-- name: reports_seen_90d
SELECT u.id, coalesce(x.reports, '{}'::text[]) AS value
FROM users u
LEFT JOIN (
  SELECT user_id, array_agg(DISTINCT report COLLATE "C" ORDER BY report COLLATE "C") AS reports
  FROM hw_events
  WHERE event = 'Report Viewed' AND report IS NOT NULL
    AND timestamp > pg_temp.ago('90 days')
  GROUP BY user_id
) x ON x.user_id = u.id;

-- name: nps_before_june
SELECT user_id AS id, avg(score) AS value
FROM hw_events
WHERE event = 'NPS Submitted' AND score IS NOT NULL
  AND timestamp < TIMESTAMPTZ '2026-06-01 00:00:00+00'
GROUP BY user_id;

-- name: invite_roles_since_may
SELECT a.id, count(DISTINCT e.role) AS value
FROM accounts a
LEFT JOIN hw_memberships m ON m.account_id = a.id
LEFT JOIN hw_events e
  ON e.user_id = m.user_id AND e.event = 'Invite Sent'
 AND e.timestamp >= TIMESTAMPTZ '2026-05-01 00:00:00+00'
GROUP BY a.id;

-- name: total_spend
SELECT u.id, coalesce(sum(e.revenue), 0) AS value
FROM users u
LEFT JOIN hw_events e ON e.user_id = u.id AND e.event = 'Order Completed'
GROUP BY u.id;

-- name: first_order_revenue
SELECT DISTINCT ON (user_id) user_id AS id, revenue AS value
FROM hw_events
WHERE event = 'Order Completed' AND revenue IS NOT NULL
ORDER BY user_id, timestamp, message_id COLLATE "C" NULLS FIRST;

-- name: repeat_buyers
SELECT user_id AS id
FROM hw_events
WHERE event = 'Order Completed' AND revenue >= 100 AND currency IS DISTINCT FROM 'GBP'
  AND timestamp > pg_temp.ago('90 days')
GROUP BY user_id
HAVING count(*) >= 2;

-- name: slow_starters
SELECT u.id
FROM users u
LEFT JOIN (
  SELECT user_id, count(*) AS n FROM hw_events
  WHERE event = 'Logged In' AND timestamp > pg_temp.ago('30 days')
  GROUP BY user_id
) l ON l.user_id = u.id
WHERE coalesce(l.n, 0) <= 2
  AND u.signed_up_at > pg_temp.ago('90 days') AND u.signed_up_at <= :now;

-- name: three_reports
SELECT user_id AS id
FROM hw_events
WHERE event = 'Report Viewed' AND timestamp > pg_temp.ago('30 days')
GROUP BY user_id
HAVING count(*) = 3;

-- name: daily_loggers
SELECT user_id AS id
FROM hw_events
WHERE event = 'Logged In' AND timestamp > pg_temp.ago('30 days')
GROUP BY user_id
HAVING count(*) > 20;

-- name: mobile_titled
SELECT u.id
FROM users u
WHERE right(u.email, 11) = 'example.com' AND u.title IS NOT NULL
  AND u.id IN (
    SELECT user_id FROM screens
    WHERE timestamp > pg_temp.ago('30 days') AND timestamp <= :now
  );

-- name: security_engineers
SELECT u.id
FROM users u
WHERE strpos(u.title, 'Engineer') > 0
  AND u.id IN (
    SELECT user_id FROM hw_events
    WHERE event = 'Feature Used' AND (feature = 'sso' OR feature = 'audit log')
      AND timestamp > pg_temp.ago('30 days')
  );

-- name: midsize_accounts
SELECT id FROM accounts
WHERE seats BETWEEN 50 AND 500 AND mrr > 1000 AND country IN ('US', 'GB', 'DE');

-- name: tagged_accounts
SELECT id FROM accounts
WHERE tags @> ARRAY['beta', 'partner'] OR 'strategic' = ANY (tags);

-- name: new_paid_accounts
SELECT id FROM accounts
WHERE created_at > pg_temp.ago('60 days') AND created_at <= :now
  AND is_trial = false;

-- name: unnamed_or_a
SELECT id FROM accounts
WHERE industry IS NULL OR starts_with(name, 'A');

-- name: q2_multi_buyers
SELECT m.account_id AS id
FROM hw_memberships m JOIN hw_events e ON e.user_id = m.user_id
WHERE e.event = 'Order Completed'
  AND e.timestamp >= TIMESTAMPTZ '2026-04-01 00:00:00+00' AND e.timestamp < TIMESTAMPTZ '2026-07-01 00:00:00+00'
GROUP BY m.account_id
HAVING count(DISTINCT e.user_id) >= 2;

-- name: few_admins
SELECT a.id
FROM accounts a
LEFT JOIN (
  SELECT m.account_id, count(*) AS n
  FROM hw_memberships m JOIN users u ON u.id = m.user_id
  WHERE u.role = 'Admin' OR u.role = 'Owner'
  GROUP BY m.account_id
) x ON x.account_id = a.id
WHERE coalesce(x.n, 0) <= 2;

-- name: all_engaged
SELECT m.account_id AS id
FROM hw_memberships m
JOIN users u ON u.id = m.user_id
LEFT JOIN (
  SELECT DISTINCT user_id FROM hw_events
  WHERE event = 'Feature Used' AND timestamp > pg_temp.ago('14 days')
) f ON f.user_id = m.user_id
GROUP BY m.account_id
HAVING bool_and(f.user_id IS NOT NULL OR coalesce(u.role = 'Viewer', false));

-- name: quiet_accounts
SELECT m.account_id AS id
FROM hw_memberships m
JOIN users u ON u.id = m.user_id
LEFT JOIN (
  SELECT DISTINCT user_id FROM hw_events
  WHERE event = 'Support Ticket Opened' AND timestamp > pg_temp.ago('90 days')
) t ON t.user_id = m.user_id
GROUP BY m.account_id
HAVING bool_and(t.user_id IS NULL) AND bool_or(u.role IS NOT NULL);

-- name: low_ticket_users
SELECT DISTINCT m.account_id AS id
FROM hw_memberships m
LEFT JOIN (
  SELECT user_id, count(*) AS n FROM hw_events
  WHERE event = 'Support Ticket Opened' AND timestamp > pg_temp.ago('90 days')
  GROUP BY user_id
) t ON t.user_id = m.user_id
WHERE coalesce(t.n, 0) < 3;

-- name: eu_spenders
SELECT m.account_id AS id
FROM hw_memberships m JOIN hw_events e ON e.user_id = m.user_id
WHERE e.event = 'Order Completed' AND e.currency = 'EUR' AND e.revenue IS NOT NULL
  AND e.timestamp > pg_temp.ago('90 days')
GROUP BY m.account_id
HAVING sum(e.revenue) > 200;

-- name: recent_first_order
SELECT id FROM hw_first_order_at
WHERE value > pg_temp.ago('30 days') AND value <= :now;

-- name: enterprise_regulars
SELECT u.id
FROM users u
WHERE EXISTS (SELECT 1 FROM hw_memberships m JOIN accounts a ON a.id = m.account_id
              WHERE m.user_id = u.id AND a.plan = 'enterprise')
  AND EXISTS (SELECT 1 FROM hw_memberships m JOIN accounts a ON a.id = m.account_id
              WHERE m.user_id = u.id AND a.seats >= 100)
  AND u.id IN (
    SELECT user_id FROM hw_events
    WHERE event = 'Logged In' AND timestamp > pg_temp.ago('14 days')
  );

-- name: has_non_pro_account
SELECT DISTINCT m.user_id AS id
FROM hw_memberships m JOIN accounts a ON a.id = m.account_id
WHERE a.plan IS DISTINCT FROM 'pro';

-- name: recent_sso
SELECT e.user_id AS id
FROM hw_events e JOIN hw_last_login_at l ON l.id = e.user_id
WHERE e.event = 'Feature Used' AND e.feature = 'sso'
  AND e.timestamp > pg_temp.ago('30 days')
  AND l.value > pg_temp.ago('7 days')
GROUP BY e.user_id
HAVING count(*) >= 2;

-- name: pricing_no_order
SELECT DISTINCT p.user_id AS id
FROM pages p JOIN users u ON u.id = p.user_id
WHERE p.path = '/pricing'
  AND p.timestamp >= TIMESTAMPTZ '2026-05-01 00:00:00+00' AND p.timestamp <= :now
  AND p.user_id NOT IN (
    SELECT user_id FROM hw_events
    WHERE event = 'Order Completed' AND timestamp >= TIMESTAMPTZ '2026-05-01 00:00:00+00'
  );
