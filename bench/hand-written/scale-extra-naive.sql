-- The naive compile of the definitions the scale benchmark's program
-- (bench/scale/program/definitions) adds to the example's: one statement per
-- definition, correlated subqueries per account or user over the raw tables,
-- JSON parsed wherever a property is read. It runs after b2b-saas-naive.sql,
-- in the same session (its num/str macros and hw_<name> results are there).

-- name: min_order_90d
SELECT * FROM (
  SELECT u.id, (SELECT min(num(t.properties, '$.revenue')) FROM tracks t
    WHERE t.user_id = u.id AND t.event = 'Order Completed' AND t.timestamp > getvariable('now') - INTERVAL 90 DAY AND t.timestamp <= getvariable('now')) AS value
  FROM users u
) WHERE value IS NOT NULL;

-- name: first_feature
SELECT * FROM (
  SELECT a.id, (SELECT str(t.properties, '$.feature') FROM tracks t JOIN account_users m ON m.user_id = t.user_id
    WHERE t.event = 'Feature Used' AND str(t.properties, '$.feature') IS NOT NULL AND t.timestamp <= getvariable('now')
      AND m.account_id = a.id
    ORDER BY t.timestamp, t.message_id NULLS FIRST LIMIT 1) AS value
  FROM accounts a
) WHERE value IS NOT NULL;

-- name: last_priority_30d
SELECT * FROM (
  SELECT a.id, (SELECT str(t.properties, '$.priority') FROM tracks t JOIN account_users m ON m.user_id = t.user_id
    WHERE t.event = 'Support Ticket Opened' AND str(t.properties, '$.priority') IS NOT NULL
      AND t.timestamp > getvariable('now') - INTERVAL 30 DAY AND t.timestamp <= getvariable('now')
      AND m.account_id = a.id
    ORDER BY t.timestamp DESC, t.message_id DESC NULLS LAST LIMIT 1) AS value
  FROM accounts a
) WHERE value IS NOT NULL;

-- name: pricing_views_14d
SELECT a.id, (SELECT count(*) FROM pages p JOIN account_users m ON m.user_id = p.user_id WHERE p.path = '/pricing' AND p.timestamp > getvariable('now') - INTERVAL 14 DAY AND p.timestamp <= getvariable('now')
  AND m.account_id = a.id) AS value
FROM accounts a;

-- name: screens_30d
SELECT u.id, (SELECT count(*) FROM screens s WHERE s.user_id = u.id AND s.timestamp > getvariable('now') - INTERVAL 30 DAY AND s.timestamp <= getvariable('now')) AS value
FROM users u;

-- name: q2_big_or_eur_orders
SELECT u.id, (SELECT count(*) FROM tracks t WHERE t.user_id = u.id AND t.event = 'Order Completed'
  AND (str(t.properties, '$.currency') = 'EUR' OR num(t.properties, '$.revenue') > 500)
  AND t.timestamp >= TIMESTAMPTZ '2026-04-01 00:00:00+00' AND t.timestamp < TIMESTAMPTZ '2026-07-01 00:00:00+00' AND t.timestamp <= getvariable('now')) AS value
FROM users u;

-- name: favourite_feature
SELECT * FROM (
  SELECT u.id, (SELECT feature FROM (
      SELECT str(t.properties, '$.feature') AS feature, count(*) AS n FROM tracks t
      WHERE t.user_id = u.id AND t.event = 'Feature Used' AND str(t.properties, '$.feature') IS NOT NULL
        AND t.timestamp > getvariable('now') - INTERVAL 30 DAY AND t.timestamp <= getvariable('now')
      GROUP BY 1 ORDER BY n DESC, feature LIMIT 1)) AS value
  FROM users u
) WHERE value IS NOT NULL;

-- name: usual_score
SELECT * FROM (
  SELECT a.id, (SELECT score FROM (
      SELECT num(t.properties, '$.score') AS score, count(*) AS n FROM tracks t JOIN account_users m ON m.user_id = t.user_id
      WHERE t.event = 'NPS Submitted' AND num(t.properties, '$.score') IS NOT NULL AND t.timestamp <= getvariable('now')
        AND m.account_id = a.id
      GROUP BY 1 ORDER BY n DESC, score LIMIT 1)) AS value
  FROM accounts a
) WHERE value IS NOT NULL;

-- name: reports_seen_90d
SELECT u.id, coalesce((SELECT list_sort(list_distinct(list(str(t.properties, '$.report')))) FROM tracks t
  WHERE t.user_id = u.id AND t.event = 'Report Viewed' AND str(t.properties, '$.report') IS NOT NULL
    AND t.timestamp > getvariable('now') - INTERVAL 90 DAY AND t.timestamp <= getvariable('now')), []::VARCHAR[]) AS value
FROM users u;

-- name: nps_before_june
SELECT * FROM (
  SELECT u.id, (SELECT avg(num(t.properties, '$.score')) FROM tracks t
    WHERE t.user_id = u.id AND t.event = 'NPS Submitted' AND t.timestamp < TIMESTAMPTZ '2026-06-01 00:00:00+00' AND t.timestamp <= getvariable('now')) AS value
  FROM users u
) WHERE value IS NOT NULL;

-- name: invite_roles_since_may
SELECT a.id, (SELECT count(DISTINCT str(t.properties, '$.role')) FROM tracks t JOIN account_users m ON m.user_id = t.user_id
  WHERE t.event = 'Invite Sent' AND t.timestamp >= TIMESTAMPTZ '2026-05-01 00:00:00+00' AND t.timestamp <= getvariable('now')
    AND m.account_id = a.id) AS value
FROM accounts a;

-- name: total_spend
SELECT u.id, coalesce((SELECT sum(num(t.properties, '$.revenue')) FROM tracks t
  WHERE t.user_id = u.id AND t.event = 'Order Completed' AND t.timestamp <= getvariable('now')), 0) AS value
FROM users u;

-- name: first_order_revenue
SELECT * FROM (
  SELECT u.id, (SELECT num(t.properties, '$.revenue') FROM tracks t
    WHERE t.user_id = u.id AND t.event = 'Order Completed' AND num(t.properties, '$.revenue') IS NOT NULL AND t.timestamp <= getvariable('now')
    ORDER BY t.timestamp, t.message_id NULLS FIRST LIMIT 1) AS value
  FROM users u
) WHERE value IS NOT NULL;

-- name: repeat_buyers
SELECT u.id FROM users u
WHERE (SELECT count(*) FROM tracks t WHERE t.user_id = u.id AND t.event = 'Order Completed'
  AND num(t.properties, '$.revenue') >= 100 AND str(t.properties, '$.currency') IS DISTINCT FROM 'GBP'
  AND t.timestamp > getvariable('now') - INTERVAL 90 DAY AND t.timestamp <= getvariable('now')) >= 2;

-- name: slow_starters
SELECT u.id FROM users u
WHERE (SELECT count(*) FROM tracks t WHERE t.user_id = u.id AND t.event = 'Logged In'
  AND t.timestamp > getvariable('now') - INTERVAL 30 DAY AND t.timestamp <= getvariable('now')) <= 2
  AND u.signed_up_at > getvariable('now') - INTERVAL 90 DAY AND u.signed_up_at <= getvariable('now');

-- name: three_reports
SELECT u.id FROM users u
WHERE (SELECT count(*) FROM tracks t WHERE t.user_id = u.id AND t.event = 'Report Viewed'
  AND t.timestamp > getvariable('now') - INTERVAL 30 DAY AND t.timestamp <= getvariable('now')) = 3;

-- name: daily_loggers
SELECT u.id FROM users u
WHERE (SELECT count(*) FROM tracks t WHERE t.user_id = u.id AND t.event = 'Logged In'
  AND t.timestamp > getvariable('now') - INTERVAL 30 DAY AND t.timestamp <= getvariable('now')) > 20;

-- name: mobile_titled
SELECT u.id FROM users u
WHERE ends_with(u.email, 'example.com') AND u.title IS NOT NULL
  AND EXISTS (SELECT 1 FROM screens s WHERE s.user_id = u.id AND s.timestamp > getvariable('now') - INTERVAL 30 DAY AND s.timestamp <= getvariable('now'));

-- name: security_engineers
SELECT u.id FROM users u
WHERE contains(u.title, 'Engineer')
  AND EXISTS (SELECT 1 FROM tracks t WHERE t.user_id = u.id AND t.event = 'Feature Used'
    AND (str(t.properties, '$.feature') = 'sso' OR str(t.properties, '$.feature') = 'audit log')
    AND t.timestamp > getvariable('now') - INTERVAL 30 DAY AND t.timestamp <= getvariable('now'));

-- name: midsize_accounts
SELECT a.id FROM accounts a
WHERE a.seats BETWEEN 50 AND 500 AND a.mrr > 1000 AND a.country IN ('US', 'GB', 'DE');

-- name: tagged_accounts
SELECT a.id FROM accounts a
WHERE list_has_all(a.tags, ['beta', 'partner']) OR list_contains(a.tags, 'strategic');

-- name: new_paid_accounts
SELECT a.id FROM accounts a
WHERE a.created_at > getvariable('now') - INTERVAL 60 DAY AND a.created_at <= getvariable('now') AND a.is_trial = false;

-- name: unnamed_or_a
SELECT a.id FROM accounts a WHERE a.industry IS NULL OR starts_with(a.name, 'A');

-- name: q2_multi_buyers
SELECT a.id FROM accounts a
WHERE (SELECT count(*) FROM users u JOIN account_users au ON au.user_id = u.id WHERE au.account_id = a.id
  AND EXISTS (SELECT 1 FROM tracks t WHERE t.user_id = u.id AND t.event = 'Order Completed'
    AND t.timestamp >= TIMESTAMPTZ '2026-04-01 00:00:00+00' AND t.timestamp < TIMESTAMPTZ '2026-07-01 00:00:00+00' AND t.timestamp <= getvariable('now'))) >= 2;

-- name: few_admins
SELECT a.id FROM accounts a
WHERE (SELECT count(*) FROM users u JOIN account_users au ON au.user_id = u.id WHERE au.account_id = a.id
  AND (u.role = 'Admin' OR u.role = 'Owner')) <= 2;

-- name: all_engaged
SELECT a.id FROM accounts a
WHERE EXISTS (SELECT 1 FROM users u JOIN account_users au ON au.user_id = u.id WHERE au.account_id = a.id)
  AND NOT EXISTS (SELECT 1 FROM users u JOIN account_users au ON au.user_id = u.id WHERE au.account_id = a.id
    AND NOT coalesce(u.role = 'Viewer', false)
    AND NOT EXISTS (SELECT 1 FROM tracks t WHERE t.user_id = u.id AND t.event = 'Feature Used'
      AND t.timestamp > getvariable('now') - INTERVAL 14 DAY AND t.timestamp <= getvariable('now')));

-- name: quiet_accounts
SELECT a.id FROM accounts a
WHERE NOT EXISTS (SELECT 1 FROM users u JOIN account_users au ON au.user_id = u.id WHERE au.account_id = a.id
    AND EXISTS (SELECT 1 FROM tracks t WHERE t.user_id = u.id AND t.event = 'Support Ticket Opened'
      AND t.timestamp > getvariable('now') - INTERVAL 90 DAY AND t.timestamp <= getvariable('now')))
  AND EXISTS (SELECT 1 FROM users u JOIN account_users au ON au.user_id = u.id WHERE au.account_id = a.id
    AND u.role IS NOT NULL);

-- name: low_ticket_users
SELECT a.id FROM accounts a
WHERE EXISTS (SELECT 1 FROM users u JOIN account_users au ON au.user_id = u.id WHERE au.account_id = a.id
  AND (SELECT count(*) FROM tracks t WHERE t.user_id = u.id AND t.event = 'Support Ticket Opened'
    AND t.timestamp > getvariable('now') - INTERVAL 90 DAY AND t.timestamp <= getvariable('now')) < 3);

-- name: eu_spenders
SELECT a.id FROM accounts a
WHERE coalesce((SELECT sum(num(t.properties, '$.revenue')) FROM tracks t JOIN account_users m ON m.user_id = t.user_id
  WHERE t.event = 'Order Completed' AND str(t.properties, '$.currency') = 'EUR'
    AND t.timestamp > getvariable('now') - INTERVAL 90 DAY AND t.timestamp <= getvariable('now')
    AND m.account_id = a.id), 0) > 200;

-- name: recent_first_order
SELECT a.id FROM accounts a
WHERE (SELECT f.value FROM hw_first_order_at f WHERE f.id = a.id) > getvariable('now') - INTERVAL 30 DAY
  AND (SELECT f.value FROM hw_first_order_at f WHERE f.id = a.id) <= getvariable('now');

-- name: enterprise_regulars
SELECT u.id FROM users u
WHERE EXISTS (SELECT 1 FROM memberships m JOIN accounts a ON a.id = m.account_id WHERE m.user_id = u.id AND a.plan = 'enterprise')
  AND EXISTS (SELECT 1 FROM memberships m JOIN accounts a ON a.id = m.account_id WHERE m.user_id = u.id AND a.seats >= 100)
  AND EXISTS (SELECT 1 FROM tracks t WHERE t.user_id = u.id AND t.event = 'Logged In'
    AND t.timestamp > getvariable('now') - INTERVAL 14 DAY AND t.timestamp <= getvariable('now'));

-- name: has_non_pro_account
SELECT u.id FROM users u
WHERE EXISTS (SELECT 1 FROM memberships m JOIN accounts a ON a.id = m.account_id WHERE m.user_id = u.id AND a.plan IS DISTINCT FROM 'pro');

-- name: recent_sso
SELECT u.id FROM users u
WHERE (SELECT count(*) FROM tracks t WHERE t.user_id = u.id AND t.event = 'Feature Used' AND str(t.properties, '$.feature') = 'sso'
  AND t.timestamp > getvariable('now') - INTERVAL 30 DAY AND t.timestamp <= getvariable('now')) >= 2
  AND (SELECT l.value FROM hw_last_login_at l WHERE l.id = u.id) > getvariable('now') - INTERVAL 7 DAY;

-- name: pricing_no_order
SELECT u.id FROM users u
WHERE EXISTS (SELECT 1 FROM pages p WHERE p.user_id = u.id AND p.path = '/pricing'
    AND p.timestamp >= TIMESTAMPTZ '2026-05-01 00:00:00+00' AND p.timestamp <= getvariable('now'))
  AND NOT EXISTS (SELECT 1 FROM tracks t WHERE t.user_id = u.id AND t.event = 'Order Completed'
    AND t.timestamp >= TIMESTAMPTZ '2026-05-01 00:00:00+00' AND t.timestamp <= getvariable('now'));
