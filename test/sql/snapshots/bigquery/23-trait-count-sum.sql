-- roster: bigquery script for now = 2026-06-30T00:00:00.000Z

-- Every user (distinct non-null ids) with the custom traits the project reads.
CREATE OR REPLACE TEMP TABLE `roster_stage_users` AS
select d.id
from (
  select
    CAST(s.`id` AS STRING) AS id,
    row_number() OVER (PARTITION BY CAST(s.`id` AS STRING) ORDER BY CAST(s.`id` AS STRING)) AS roster_row
  from `users` AS s
  where CAST(s.`id` AS STRING) IS NOT NULL
) as `d`
where d.roster_row = 1;

-- Every account (distinct non-null ids) with the custom traits the project reads.
CREATE OR REPLACE TEMP TABLE `roster_stage_accounts` AS
select d.id
from (
  select
    CAST(s.`id` AS STRING) AS id,
    row_number() OVER (PARTITION BY CAST(s.`id` AS STRING) ORDER BY CAST(s.`id` AS STRING)) AS roster_row
  from `accounts` AS s
  where CAST(s.`id` AS STRING) IS NOT NULL
) as `d`
where d.roster_row = 1;

-- Distinct (user, account) pairs whose user and account both exist.
CREATE OR REPLACE TEMP TABLE `roster_stage_memberships` AS
select distinct
  CAST(s.`user_id` AS STRING) AS user_id,
  CAST(s.`account_id` AS STRING) AS account_id
from `memberships` AS s
where CAST(s.`user_id` AS STRING) in (
  select id
  from `roster_stage_users`
)
  and CAST(s.`account_id` AS STRING) in (
  select id
  from `roster_stage_accounts`
);

-- The one scan of tracks: events up to now, only what the project reads.
CREATE OR REPLACE TEMP TABLE `roster_stage_tracks` AS
select
  CAST(s.`user_id` AS STRING) AS user_id,
  CAST(s.`timestamp` AS TIMESTAMP) AS ts,
  CAST(s.`event` AS STRING) AS event,
  CASE WHEN CAST(s.`event` AS STRING) IN ('Order Completed') THEN CASE WHEN JSON_TYPE(JSON_QUERY(s.`properties`, '$."currency"')) = 'string' THEN JSON_VALUE(s.`properties`, '$."currency"') END END AS `p_currency`,
  CASE WHEN CAST(s.`event` AS STRING) IN ('Order Completed') THEN CASE WHEN JSON_TYPE(JSON_QUERY(s.`properties`, '$."revenue"')) = 'number' THEN LAX_FLOAT64(JSON_QUERY(s.`properties`, '$."revenue"')) END END AS `p_revenue`
from `tracks` AS s
where CAST(s.`user_id` AS STRING) IS NOT NULL
  and CAST(s.`timestamp` AS TIMESTAMP) <= TIMESTAMP '2026-06-30 00:00:00.000+00:00'
  and CAST(s.`event` AS STRING) IN ('Logged In', 'Order Completed');

-- Partial aggregates of every feature over tracks, in one pass, per user.
CREATE OR REPLACE TEMP TABLE `roster_partials_tracks` AS
select
  e.user_id,
  count(CASE WHEN e.event = 'Logged In' THEN 1 END) AS `t_logins__n`,
  count(CASE WHEN e.event = 'Logged In' AND e.ts > TIMESTAMP '2026-06-23 00:00:00.000+00:00' AND e.ts <= TIMESTAMP '2026-06-30 00:00:00.000+00:00' THEN 1 END) AS `t_logins_7d__n`,
  sum(CASE WHEN e.event = 'Order Completed' THEN e.`p_revenue` END) AS `t_total_revenue__s`,
  sum(CASE WHEN e.event = 'Order Completed' AND COALESCE(e.`p_currency` = 'USD', FALSE) THEN e.`p_revenue` END) AS `t_usd_revenue__s`
from `roster_stage_tracks` as `e`
group by e.user_id;

-- Every feature needed per user.
CREATE OR REPLACE TEMP TABLE `roster_features_user` AS
select
  x.id,
  COALESCE(CAST(r1.`t_logins__n` AS FLOAT64), CAST(0 AS FLOAT64)) AS `t_logins`,
  COALESCE(CAST(r1.`t_logins_7d__n` AS FLOAT64), CAST(0 AS FLOAT64)) AS `t_logins_7d`,
  COALESCE(CAST(r1.`t_total_revenue__s` AS FLOAT64), CAST(0 AS FLOAT64)) AS `t_total_revenue`
from `roster_stage_users` as `x`
left join `roster_partials_tracks` as `r1` on r1.user_id = x.id;

-- Every feature needed per account.
CREATE OR REPLACE TEMP TABLE `roster_features_account` AS
select
  x.id,
  COALESCE(r1.`t_logins`, CAST(0 AS FLOAT64)) AS `t_logins`,
  COALESCE(r1.`t_usd_revenue`, CAST(0 AS FLOAT64)) AS `t_usd_revenue`
from `roster_stage_accounts` as `x`
left join (
  select
    m.account_id AS id,
    CAST(sum(p.`t_logins__n`) AS FLOAT64) AS `t_logins`,
    CAST(sum(p.`t_usd_revenue__s`) AS FLOAT64) AS `t_usd_revenue`
  from `roster_stage_memberships` as `m`
  inner join `roster_partials_tracks` as `p` on p.user_id = m.user_id
  group by m.account_id
) as `r1` on r1.id = x.id;

-- trait logins (user)
select id, `t_logins` AS value
from `roster_features_user`
where `t_logins` is not null;

-- trait logins_7d (user)
select id, `t_logins_7d` AS value
from `roster_features_user`
where `t_logins_7d` is not null;

-- trait total_revenue (user)
select id, `t_total_revenue` AS value
from `roster_features_user`
where `t_total_revenue` is not null;

-- trait usd_revenue (account)
select id, `t_usd_revenue` AS value
from `roster_features_account`
where `t_usd_revenue` is not null;

-- trait account_logins (account)
select id, `t_logins` AS value
from `roster_features_account`
where `t_logins` is not null;

drop table if exists `roster_features_account`;

drop table if exists `roster_features_user`;

drop table if exists `roster_partials_tracks`;

drop table if exists `roster_stage_tracks`;

drop table if exists `roster_stage_memberships`;

drop table if exists `roster_stage_accounts`;

drop table if exists `roster_stage_users`;
