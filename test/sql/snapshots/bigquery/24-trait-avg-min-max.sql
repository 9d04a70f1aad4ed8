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
  CASE WHEN CAST(s.`event` AS STRING) IN ('Order Completed') THEN CASE WHEN JSON_TYPE(JSON_QUERY(s.`properties`, '$."revenue"')) = 'number' THEN LAX_FLOAT64(JSON_QUERY(s.`properties`, '$."revenue"')) END END AS `p_revenue`,
  CASE WHEN CAST(s.`event` AS STRING) IN ('NPS Submitted') THEN CASE WHEN JSON_TYPE(JSON_QUERY(s.`properties`, '$."score"')) = 'number' THEN LAX_FLOAT64(JSON_QUERY(s.`properties`, '$."score"')) END END AS `p_score`
from `tracks` AS s
where CAST(s.`user_id` AS STRING) IS NOT NULL
  and CAST(s.`timestamp` AS TIMESTAMP) <= TIMESTAMP '2026-06-30 00:00:00.000+00:00'
  and CAST(s.`event` AS STRING) IN ('NPS Submitted', 'Order Completed');

-- Partial aggregates of every feature over tracks, in one pass, per user.
CREATE OR REPLACE TEMP TABLE `roster_partials_tracks` AS
select
  e.user_id,
  sum(CASE WHEN e.event = 'NPS Submitted' THEN e.`p_score` END) AS `t_avg_score__s`,
  count(CASE WHEN e.event = 'NPS Submitted' THEN e.`p_score` END) AS `t_avg_score__n`,
  min(CASE WHEN e.event = 'NPS Submitted' THEN e.`p_score` END) AS `t_min_score__v`,
  max(CASE WHEN e.event = 'NPS Submitted' THEN e.`p_score` END) AS `t_max_score__v`,
  sum(CASE WHEN e.event = 'NPS Submitted' AND e.ts > TIMESTAMP '2026-05-31 00:00:00.000+00:00' AND e.ts <= TIMESTAMP '2026-06-30 00:00:00.000+00:00' THEN e.`p_score` END) AS `t_account_avg_score__s`,
  count(CASE WHEN e.event = 'NPS Submitted' AND e.ts > TIMESTAMP '2026-05-31 00:00:00.000+00:00' AND e.ts <= TIMESTAMP '2026-06-30 00:00:00.000+00:00' THEN e.`p_score` END) AS `t_account_avg_score__n`,
  max(CASE WHEN e.event = 'Order Completed' THEN e.`p_revenue` END) AS `t_max_order__v`
from `roster_stage_tracks` as `e`
group by e.user_id;

-- Every feature needed per user.
CREATE OR REPLACE TEMP TABLE `roster_features_user` AS
select
  x.id,
  CAST(r1.`t_avg_score__s` / NULLIF(r1.`t_avg_score__n`, 0) AS FLOAT64) AS `t_avg_score`,
  r1.`t_min_score__v` AS `t_min_score`,
  r1.`t_max_score__v` AS `t_max_score`
from `roster_stage_users` as `x`
left join `roster_partials_tracks` as `r1` on r1.user_id = x.id;

-- Every feature needed per account.
CREATE OR REPLACE TEMP TABLE `roster_features_account` AS
select
  x.id,
  r1.`t_account_avg_score` AS `t_account_avg_score`,
  r1.`t_max_order` AS `t_max_order`
from `roster_stage_accounts` as `x`
left join (
  select
    m.account_id AS id,
    CAST(sum(p.`t_account_avg_score__s`) / NULLIF(sum(p.`t_account_avg_score__n`), 0) AS FLOAT64) AS `t_account_avg_score`,
    max(p.`t_max_order__v`) AS `t_max_order`
  from `roster_stage_memberships` as `m`
  inner join `roster_partials_tracks` as `p` on p.user_id = m.user_id
  group by m.account_id
) as `r1` on r1.id = x.id;

-- trait avg_score (user)
select id, `t_avg_score` AS value
from `roster_features_user`
where `t_avg_score` is not null;

-- trait min_score (user)
select id, `t_min_score` AS value
from `roster_features_user`
where `t_min_score` is not null;

-- trait max_score (user)
select id, `t_max_score` AS value
from `roster_features_user`
where `t_max_score` is not null;

-- trait account_avg_score (account)
select id, `t_account_avg_score` AS value
from `roster_features_account`
where `t_account_avg_score` is not null;

-- trait max_order (account)
select id, `t_max_order` AS value
from `roster_features_account`
where `t_max_order` is not null;

drop table if exists `roster_features_account`;

drop table if exists `roster_features_user`;

drop table if exists `roster_partials_tracks`;

drop table if exists `roster_stage_tracks`;

drop table if exists `roster_stage_memberships`;

drop table if exists `roster_stage_accounts`;

drop table if exists `roster_stage_users`;
