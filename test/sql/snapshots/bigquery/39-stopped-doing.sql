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
  CASE WHEN CAST(s.`event` AS STRING) IN ('Feature Used') THEN CASE WHEN JSON_TYPE(JSON_QUERY(s.`properties`, '$."feature"')) = 'string' THEN JSON_VALUE(s.`properties`, '$."feature"') END END AS `p_feature`
from `tracks` AS s
where CAST(s.`user_id` AS STRING) IS NOT NULL
  and CAST(s.`timestamp` AS TIMESTAMP) <= TIMESTAMP '2026-06-30 00:00:00.000+00:00'
  and CAST(s.`event` AS STRING) IN ('Feature Used', 'Logged In', 'Order Completed');

-- Partial aggregates of every feature over tracks, in one pass, per user.
CREATE OR REPLACE TEMP TABLE `roster_partials_tracks` AS
select
  e.user_id,
  count(CASE WHEN e.event = 'Logged In' AND e.ts <= TIMESTAMP '2026-05-31 00:00:00.000+00:00' THEN 1 END) AS `f1__n`,
  count(CASE WHEN e.event = 'Logged In' AND e.ts > TIMESTAMP '2026-05-31 00:00:00.000+00:00' AND e.ts <= TIMESTAMP '2026-06-30 00:00:00.000+00:00' THEN 1 END) AS `f2__n`,
  count(CASE WHEN e.event = 'Feature Used' AND e.ts <= TIMESTAMP '2026-06-16 00:00:00.000+00:00' AND COALESCE(e.`p_feature` = 'export', FALSE) THEN 1 END) AS `f3__n`,
  count(CASE WHEN e.event = 'Feature Used' AND e.ts > TIMESTAMP '2026-06-16 00:00:00.000+00:00' AND e.ts <= TIMESTAMP '2026-06-30 00:00:00.000+00:00' AND COALESCE(e.`p_feature` = 'export', FALSE) THEN 1 END) AS `f4__n`,
  count(CASE WHEN e.event = 'Order Completed' AND e.ts <= TIMESTAMP '2026-06-28 12:00:00.000+00:00' THEN 1 END) AS `f5__n`,
  count(CASE WHEN e.event = 'Order Completed' AND e.ts > TIMESTAMP '2026-06-28 12:00:00.000+00:00' AND e.ts <= TIMESTAMP '2026-06-30 00:00:00.000+00:00' THEN 1 END) AS `f6__n`
from `roster_stage_tracks` as `e`
group by e.user_id;

-- Every feature needed per user.
CREATE OR REPLACE TEMP TABLE `roster_features_user` AS
select
  x.id,
  COALESCE(CAST(r1.`f1__n` AS FLOAT64), CAST(0 AS FLOAT64)) AS `f1`,
  COALESCE(CAST(r1.`f2__n` AS FLOAT64), CAST(0 AS FLOAT64)) AS `f2`,
  COALESCE(CAST(r1.`f3__n` AS FLOAT64), CAST(0 AS FLOAT64)) AS `f3`,
  COALESCE(CAST(r1.`f4__n` AS FLOAT64), CAST(0 AS FLOAT64)) AS `f4`,
  COALESCE(CAST(r1.`f5__n` AS FLOAT64), CAST(0 AS FLOAT64)) AS `f5`,
  COALESCE(CAST(r1.`f6__n` AS FLOAT64), CAST(0 AS FLOAT64)) AS `f6`
from `roster_stage_users` as `x`
left join `roster_partials_tracks` as `r1` on r1.user_id = x.id;

-- No event features per account.
CREATE OR REPLACE TEMP TABLE `roster_features_account` AS
select x.id
from `roster_stage_accounts` as `x`;

-- audience churned
CREATE OR REPLACE TEMP TABLE `roster_audience_churned` AS
select e.id
from `roster_stage_users` as `e`
left join `roster_features_user` as `f` on `f`.`id` = `e`.`id`
where (COALESCE(f.`f1` >= CAST(1 AS FLOAT64), FALSE)
  AND (NOT COALESCE(f.`f2` >= CAST(1 AS FLOAT64), FALSE)));

-- audience still_active
CREATE OR REPLACE TEMP TABLE `roster_audience_still_active` AS
select e.id
from `roster_stage_users` as `e`
left join `roster_features_user` as `f` on `f`.`id` = `e`.`id`
where (NOT (COALESCE(f.`f1` >= CAST(1 AS FLOAT64), FALSE)
  AND (NOT COALESCE(f.`f2` >= CAST(1 AS FLOAT64), FALSE))));

-- audience stopped_exporting
CREATE OR REPLACE TEMP TABLE `roster_audience_stopped_exporting` AS
select e.id
from `roster_stage_users` as `e`
left join `roster_features_user` as `f` on `f`.`id` = `e`.`id`
where (COALESCE(f.`f3` >= CAST(1 AS FLOAT64), FALSE)
  AND (NOT COALESCE(f.`f4` >= CAST(1 AS FLOAT64), FALSE)));

-- audience stopped_buying
CREATE OR REPLACE TEMP TABLE `roster_audience_stopped_buying` AS
select e.id
from `roster_stage_users` as `e`
left join `roster_features_user` as `f` on `f`.`id` = `e`.`id`
where (COALESCE(f.`f5` >= CAST(1 AS FLOAT64), FALSE)
  AND (NOT COALESCE(f.`f6` >= CAST(1 AS FLOAT64), FALSE)));

-- audience churned (user)
select id
from `roster_audience_churned`;

-- audience still_active (user)
select id
from `roster_audience_still_active`;

-- audience stopped_exporting (user)
select id
from `roster_audience_stopped_exporting`;

-- audience stopped_buying (user)
select id
from `roster_audience_stopped_buying`;

drop table if exists `roster_audience_stopped_buying`;

drop table if exists `roster_audience_stopped_exporting`;

drop table if exists `roster_audience_still_active`;

drop table if exists `roster_audience_churned`;

drop table if exists `roster_features_account`;

drop table if exists `roster_features_user`;

drop table if exists `roster_partials_tracks`;

drop table if exists `roster_stage_tracks`;

drop table if exists `roster_stage_memberships`;

drop table if exists `roster_stage_accounts`;

drop table if exists `roster_stage_users`;
