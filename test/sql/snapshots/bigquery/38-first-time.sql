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
  and CAST(s.`event` AS STRING) IN ('Feature Used', 'Logged In');

-- Partial aggregates of every feature over tracks, in one pass, per user.
CREATE OR REPLACE TEMP TABLE `roster_partials_tracks` AS
select
  e.user_id,
  min(CASE WHEN e.event = 'Logged In' THEN e.ts END) AS `f1__v`,
  min(CASE WHEN e.event = 'Feature Used' AND COALESCE(e.`p_feature` = 'export', FALSE) THEN e.ts END) AS `f2__v`,
  min(CASE WHEN e.event = 'Feature Used' THEN e.ts END) AS `f3__v`
from `roster_stage_tracks` as `e`
group by e.user_id;

-- Every feature needed per user.
CREATE OR REPLACE TEMP TABLE `roster_features_user` AS
select
  x.id,
  r1.`f1__v` AS `f1`,
  r1.`f2__v` AS `f2`,
  r1.`f3__v` AS `f3`
from `roster_stage_users` as `x`
left join `roster_partials_tracks` as `r1` on r1.user_id = x.id;

-- No event features per account.
CREATE OR REPLACE TEMP TABLE `roster_features_account` AS
select x.id
from `roster_stage_accounts` as `x`;

-- audience new_loggers
CREATE OR REPLACE TEMP TABLE `roster_audience_new_loggers` AS
select e.id
from `roster_stage_users` as `e`
left join `roster_features_user` as `f` on `f`.`id` = `e`.`id`
where COALESCE(f.`f1` > TIMESTAMP '2026-06-23 00:00:00.000+00:00' AND f.`f1` <= TIMESTAMP '2026-06-30 00:00:00.000+00:00', FALSE);

-- audience not_new
CREATE OR REPLACE TEMP TABLE `roster_audience_not_new` AS
select e.id
from `roster_stage_users` as `e`
left join `roster_features_user` as `f` on `f`.`id` = `e`.`id`
where (NOT COALESCE(f.`f1` > TIMESTAMP '2026-06-23 00:00:00.000+00:00' AND f.`f1` <= TIMESTAMP '2026-06-30 00:00:00.000+00:00', FALSE));

-- audience first_in_june
CREATE OR REPLACE TEMP TABLE `roster_audience_first_in_june` AS
select e.id
from `roster_stage_users` as `e`
left join `roster_features_user` as `f` on `f`.`id` = `e`.`id`
where COALESCE(f.`f1` >= TIMESTAMP '2026-06-01 00:00:00.000+00:00' AND f.`f1` < TIMESTAMP '2026-07-01 00:00:00.000+00:00', FALSE);

-- audience first_7_60_ago
CREATE OR REPLACE TEMP TABLE `roster_audience_first_7_60_ago` AS
select e.id
from `roster_stage_users` as `e`
left join `roster_features_user` as `f` on `f`.`id` = `e`.`id`
where COALESCE(f.`f1` > TIMESTAMP '2026-05-01 00:00:00.000+00:00' AND f.`f1` <= TIMESTAMP '2026-06-23 00:00:00.000+00:00', FALSE);

-- audience new_exporters
CREATE OR REPLACE TEMP TABLE `roster_audience_new_exporters` AS
select e.id
from `roster_stage_users` as `e`
left join `roster_features_user` as `f` on `f`.`id` = `e`.`id`
where COALESCE(f.`f2` > TIMESTAMP '2026-06-23 00:00:00.000+00:00' AND f.`f2` <= TIMESTAMP '2026-06-30 00:00:00.000+00:00', FALSE);

-- audience new_feature_users
CREATE OR REPLACE TEMP TABLE `roster_audience_new_feature_users` AS
select e.id
from `roster_stage_users` as `e`
left join `roster_features_user` as `f` on `f`.`id` = `e`.`id`
where COALESCE(f.`f3` > TIMESTAMP '2026-06-23 00:00:00.000+00:00' AND f.`f3` <= TIMESTAMP '2026-06-30 00:00:00.000+00:00', FALSE);

-- audience new_loggers (user)
select id
from `roster_audience_new_loggers`;

-- audience not_new (user)
select id
from `roster_audience_not_new`;

-- audience first_in_june (user)
select id
from `roster_audience_first_in_june`;

-- audience first_7_60_ago (user)
select id
from `roster_audience_first_7_60_ago`;

-- audience new_exporters (user)
select id
from `roster_audience_new_exporters`;

-- audience new_feature_users (user)
select id
from `roster_audience_new_feature_users`;

-- trait first_export (user)
select id, `f2` AS value
from `roster_features_user`
where `f2` is not null;

drop table if exists `roster_audience_new_feature_users`;

drop table if exists `roster_audience_new_exporters`;

drop table if exists `roster_audience_first_7_60_ago`;

drop table if exists `roster_audience_first_in_june`;

drop table if exists `roster_audience_not_new`;

drop table if exists `roster_audience_new_loggers`;

drop table if exists `roster_features_account`;

drop table if exists `roster_features_user`;

drop table if exists `roster_partials_tracks`;

drop table if exists `roster_stage_tracks`;

drop table if exists `roster_stage_memberships`;

drop table if exists `roster_stage_accounts`;

drop table if exists `roster_stage_users`;
