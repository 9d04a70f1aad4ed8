-- The practical limit for the definitions the scale benchmark's program
-- (bench/scale/program/definitions) adds to the example's. It runs after
-- b2b-saas.sql, in the same session: its setup (hw_memberships, and
-- hw_events, the track rows read once with their properties parsed once) and
-- results (hw_<name>) are there. Same conventions and rules as b2b-saas.sql.
-- Event order for first/last: (timestamp, message id), a missing message id
-- first.

-- name: min_order_90d
SELECT user_id AS id, min(revenue) AS value
FROM hw_events
WHERE event = 'Order Completed' AND revenue IS NOT NULL
  AND timestamp > getvariable('now') - INTERVAL 90 DAY
GROUP BY user_id;

-- name: first_feature
SELECT id, value FROM (
  SELECT m.account_id AS id, e.feature AS value,
         row_number() OVER (PARTITION BY m.account_id ORDER BY e.timestamp, e.message_id NULLS FIRST) AS rank
  FROM hw_memberships m JOIN hw_events e ON e.user_id = m.user_id
  WHERE e.event = 'Feature Used' AND e.feature IS NOT NULL
)
WHERE rank = 1;

-- name: last_priority_30d
SELECT id, value FROM (
  SELECT m.account_id AS id, e.priority AS value,
         row_number() OVER (PARTITION BY m.account_id ORDER BY e.timestamp DESC, e.message_id DESC NULLS LAST) AS rank
  FROM hw_memberships m JOIN hw_events e ON e.user_id = m.user_id
  WHERE e.event = 'Support Ticket Opened' AND e.priority IS NOT NULL
    AND e.timestamp > getvariable('now') - INTERVAL 30 DAY
)
WHERE rank = 1;

-- name: pricing_views_14d
SELECT a.id, count(p.user_id) AS value
FROM accounts a
LEFT JOIN hw_memberships m ON m.account_id = a.id
LEFT JOIN pages p
  ON p.user_id = m.user_id AND p.path = '/pricing'
 AND p.timestamp > getvariable('now') - INTERVAL 14 DAY AND p.timestamp <= getvariable('now')
GROUP BY a.id;

-- name: screens_30d
SELECT u.id, count(s.user_id) AS value
FROM users u
LEFT JOIN screens s
  ON s.user_id = u.id AND s.timestamp > getvariable('now') - INTERVAL 30 DAY AND s.timestamp <= getvariable('now')
GROUP BY u.id;

-- name: q2_big_or_eur_orders
SELECT u.id, count(e.user_id) AS value
FROM users u
LEFT JOIN hw_events e
  ON e.user_id = u.id AND e.event = 'Order Completed' AND (e.currency = 'EUR' OR e.revenue > 500)
 AND e.timestamp >= TIMESTAMPTZ '2026-04-01 00:00:00+00' AND e.timestamp < TIMESTAMPTZ '2026-07-01 00:00:00+00'
GROUP BY u.id;

-- name: favourite_feature
SELECT id, value FROM (
  SELECT user_id AS id, feature AS value,
         row_number() OVER (PARTITION BY user_id ORDER BY count(*) DESC, feature) AS rank
  FROM hw_events
  WHERE event = 'Feature Used' AND feature IS NOT NULL
    AND timestamp > getvariable('now') - INTERVAL 30 DAY
  GROUP BY 1, 2
)
WHERE rank = 1;

-- name: usual_score
SELECT id, value FROM (
  SELECT m.account_id AS id, e.score AS value,
         row_number() OVER (PARTITION BY m.account_id ORDER BY count(*) DESC, e.score) AS rank
  FROM hw_memberships m JOIN hw_events e ON e.user_id = m.user_id
  WHERE e.event = 'NPS Submitted' AND e.score IS NOT NULL
  GROUP BY 1, 2
)
WHERE rank = 1;

-- name: reports_seen_90d
SELECT u.id, coalesce(x.reports, []::VARCHAR[]) AS value
FROM users u
LEFT JOIN (
  SELECT user_id, list_sort(list_distinct(list(report))) AS reports
  FROM hw_events
  WHERE event = 'Report Viewed' AND report IS NOT NULL
    AND timestamp > getvariable('now') - INTERVAL 90 DAY
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
SELECT id, value FROM (
  SELECT user_id AS id, revenue AS value,
         row_number() OVER (PARTITION BY user_id ORDER BY timestamp, message_id NULLS FIRST) AS rank
  FROM hw_events
  WHERE event = 'Order Completed' AND revenue IS NOT NULL
)
WHERE rank = 1;

-- name: repeat_buyers
SELECT user_id AS id
FROM hw_events
WHERE event = 'Order Completed' AND revenue >= 100 AND currency IS DISTINCT FROM 'GBP'
  AND timestamp > getvariable('now') - INTERVAL 90 DAY
GROUP BY user_id
HAVING count(*) >= 2;

-- name: slow_starters
SELECT u.id
FROM users u
LEFT JOIN (
  SELECT user_id, count(*) AS n FROM hw_events
  WHERE event = 'Logged In' AND timestamp > getvariable('now') - INTERVAL 30 DAY
  GROUP BY user_id
) l ON l.user_id = u.id
WHERE coalesce(l.n, 0) <= 2
  AND u.signed_up_at > getvariable('now') - INTERVAL 90 DAY AND u.signed_up_at <= getvariable('now');

-- name: three_reports
SELECT user_id AS id
FROM hw_events
WHERE event = 'Report Viewed' AND timestamp > getvariable('now') - INTERVAL 30 DAY
GROUP BY user_id
HAVING count(*) = 3;

-- name: daily_loggers
SELECT user_id AS id
FROM hw_events
WHERE event = 'Logged In' AND timestamp > getvariable('now') - INTERVAL 30 DAY
GROUP BY user_id
HAVING count(*) > 20;

-- name: mobile_titled
SELECT u.id
FROM users u
WHERE ends_with(u.email, 'example.com') AND u.title IS NOT NULL
  AND u.id IN (
    SELECT user_id FROM screens
    WHERE timestamp > getvariable('now') - INTERVAL 30 DAY AND timestamp <= getvariable('now')
  );

-- name: security_engineers
SELECT u.id
FROM users u
WHERE contains(u.title, 'Engineer')
  AND u.id IN (
    SELECT user_id FROM hw_events
    WHERE event = 'Feature Used' AND (feature = 'sso' OR feature = 'audit log')
      AND timestamp > getvariable('now') - INTERVAL 30 DAY
  );

-- name: midsize_accounts
SELECT id FROM accounts
WHERE seats BETWEEN 50 AND 500 AND mrr > 1000 AND country IN ('US', 'GB', 'DE');

-- name: tagged_accounts
SELECT id FROM accounts
WHERE list_has_all(tags, ['beta', 'partner']) OR list_contains(tags, 'strategic');

-- name: new_paid_accounts
SELECT id FROM accounts
WHERE created_at > getvariable('now') - INTERVAL 60 DAY AND created_at <= getvariable('now')
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
  WHERE event = 'Feature Used' AND timestamp > getvariable('now') - INTERVAL 14 DAY
) f ON f.user_id = m.user_id
GROUP BY m.account_id
HAVING bool_and(f.user_id IS NOT NULL OR coalesce(u.role = 'Viewer', false));

-- name: quiet_accounts
SELECT m.account_id AS id
FROM hw_memberships m
JOIN users u ON u.id = m.user_id
LEFT JOIN (
  SELECT DISTINCT user_id FROM hw_events
  WHERE event = 'Support Ticket Opened' AND timestamp > getvariable('now') - INTERVAL 90 DAY
) t ON t.user_id = m.user_id
GROUP BY m.account_id
HAVING bool_and(t.user_id IS NULL) AND bool_or(u.role IS NOT NULL);

-- name: low_ticket_users
SELECT DISTINCT m.account_id AS id
FROM hw_memberships m
LEFT JOIN (
  SELECT user_id, count(*) AS n FROM hw_events
  WHERE event = 'Support Ticket Opened' AND timestamp > getvariable('now') - INTERVAL 90 DAY
  GROUP BY user_id
) t ON t.user_id = m.user_id
WHERE coalesce(t.n, 0) < 3;

-- name: eu_spenders
SELECT m.account_id AS id
FROM hw_memberships m JOIN hw_events e ON e.user_id = m.user_id
WHERE e.event = 'Order Completed' AND e.currency = 'EUR' AND e.revenue IS NOT NULL
  AND e.timestamp > getvariable('now') - INTERVAL 90 DAY
GROUP BY m.account_id
HAVING sum(e.revenue) > 200;

-- name: recent_first_order
SELECT id FROM hw_first_order_at
WHERE value > getvariable('now') - INTERVAL 30 DAY AND value <= getvariable('now');

-- name: enterprise_regulars
SELECT u.id
FROM users u
WHERE EXISTS (SELECT 1 FROM hw_memberships m JOIN accounts a ON a.id = m.account_id
              WHERE m.user_id = u.id AND a.plan = 'enterprise')
  AND EXISTS (SELECT 1 FROM hw_memberships m JOIN accounts a ON a.id = m.account_id
              WHERE m.user_id = u.id AND a.seats >= 100)
  AND u.id IN (
    SELECT user_id FROM hw_events
    WHERE event = 'Logged In' AND timestamp > getvariable('now') - INTERVAL 14 DAY
  );

-- name: has_non_pro_account
SELECT DISTINCT m.user_id AS id
FROM hw_memberships m JOIN accounts a ON a.id = m.account_id
WHERE a.plan IS DISTINCT FROM 'pro';

-- name: recent_sso
SELECT e.user_id AS id
FROM hw_events e JOIN hw_last_login_at l ON l.id = e.user_id
WHERE e.event = 'Feature Used' AND e.feature = 'sso'
  AND e.timestamp > getvariable('now') - INTERVAL 30 DAY
  AND l.value > getvariable('now') - INTERVAL 7 DAY
GROUP BY e.user_id
HAVING count(*) >= 2;

-- name: pricing_no_order
SELECT DISTINCT p.user_id AS id
FROM pages p JOIN users u ON u.id = p.user_id
WHERE p.path = '/pricing'
  AND p.timestamp >= TIMESTAMPTZ '2026-05-01 00:00:00+00' AND p.timestamp <= getvariable('now')
  AND p.user_id NOT IN (
    SELECT user_id FROM hw_events
    WHERE event = 'Order Completed' AND timestamp >= TIMESTAMPTZ '2026-05-01 00:00:00+00'
  );
