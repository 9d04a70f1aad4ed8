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
select d.id, d.`name`
from (
  select
    CAST(s.`id` AS STRING) AS id,
    CAST(s.`name` AS STRING) AS `name`,
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

-- No event features per user.
CREATE OR REPLACE TEMP TABLE `roster_features_user` AS
select x.id
from `roster_stage_users` as `x`;

-- No event features per account.
CREATE OR REPLACE TEMP TABLE `roster_features_account` AS
select x.id
from `roster_stage_accounts` as `x`;

-- audience acme_prefix
CREATE OR REPLACE TEMP TABLE `roster_audience_acme_prefix` AS
select e.id
from `roster_stage_accounts` as `e`
left join `roster_features_account` as `f` on `f`.`id` = `e`.`id`
where COALESCE(STARTS_WITH(e.`name`, 'Acme'), FALSE);

-- audience corp
CREATE OR REPLACE TEMP TABLE `roster_audience_corp` AS
select e.id
from `roster_stage_accounts` as `e`
left join `roster_features_account` as `f` on `f`.`id` = `e`.`id`
where COALESCE((STRPOS(e.`name`, 'Corp') > 0), FALSE);

-- audience percent
CREATE OR REPLACE TEMP TABLE `roster_audience_percent` AS
select e.id
from `roster_stage_accounts` as `e`
left join `roster_features_account` as `f` on `f`.`id` = `e`.`id`
where COALESCE((STRPOS(e.`name`, '100%') > 0), FALSE);

-- audience underscore_io
CREATE OR REPLACE TEMP TABLE `roster_audience_underscore_io` AS
select e.id
from `roster_stage_accounts` as `e`
left join `roster_features_account` as `f` on `f`.`id` = `e`.`id`
where COALESCE(ENDS_WITH(e.`name`, '_io'), FALSE);

-- audience not_acme_exact
CREATE OR REPLACE TEMP TABLE `roster_audience_not_acme_exact` AS
select e.id
from `roster_stage_accounts` as `e`
left join `roster_features_account` as `f` on `f`.`id` = `e`.`id`
where (NOT COALESCE(e.`name` = 'Acme Corp', FALSE));

-- audience acme_prefix (account)
select id
from `roster_audience_acme_prefix`;

-- audience corp (account)
select id
from `roster_audience_corp`;

-- audience percent (account)
select id
from `roster_audience_percent`;

-- audience underscore_io (account)
select id
from `roster_audience_underscore_io`;

-- audience not_acme_exact (account)
select id
from `roster_audience_not_acme_exact`;

drop table if exists `roster_audience_not_acme_exact`;

drop table if exists `roster_audience_underscore_io`;

drop table if exists `roster_audience_percent`;

drop table if exists `roster_audience_corp`;

drop table if exists `roster_audience_acme_prefix`;

drop table if exists `roster_features_account`;

drop table if exists `roster_features_user`;

drop table if exists `roster_stage_memberships`;

drop table if exists `roster_stage_accounts`;

drop table if exists `roster_stage_users`;
