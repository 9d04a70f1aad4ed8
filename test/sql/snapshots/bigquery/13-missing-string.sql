-- roster: bigquery script for now = 2026-06-30T00:00:00.000Z

-- Every user (distinct non-null ids) with the custom traits the project reads.
CREATE OR REPLACE TEMP TABLE `roster_stage_users` AS
select d.id, d.`role`
from (
  select
    CAST(s.`id` AS STRING) AS id,
    CAST(s.`role` AS STRING) AS `role`,
    row_number() OVER (PARTITION BY CAST(s.`id` AS STRING) ORDER BY CAST(s.`id` AS STRING)) AS roster_row
  from `users` AS s
  where CAST(s.`id` AS STRING) IS NOT NULL
) as `d`
where d.roster_row = 1;

-- Every account (distinct non-null ids) with the custom traits the project reads.
CREATE OR REPLACE TEMP TABLE `roster_stage_accounts` AS
select d.id, d.`plan`
from (
  select
    CAST(s.`id` AS STRING) AS id,
    CAST(s.`plan` AS STRING) AS `plan`,
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

-- audience pro
CREATE OR REPLACE TEMP TABLE `roster_audience_pro` AS
select e.id
from `roster_stage_accounts` as `e`
left join `roster_features_account` as `f` on `f`.`id` = `e`.`id`
where COALESCE(e.`plan` = 'pro', FALSE);

-- audience not_pro
CREATE OR REPLACE TEMP TABLE `roster_audience_not_pro` AS
select e.id
from `roster_stage_accounts` as `e`
left join `roster_features_account` as `f` on `f`.`id` = `e`.`id`
where (NOT COALESCE(e.`plan` = 'pro', FALSE));

-- audience paid
CREATE OR REPLACE TEMP TABLE `roster_audience_paid` AS
select e.id
from `roster_stage_accounts` as `e`
left join `roster_features_account` as `f` on `f`.`id` = `e`.`id`
where COALESCE(e.`plan` IN ('pro', 'enterprise'), FALSE);

-- audience unpaid
CREATE OR REPLACE TEMP TABLE `roster_audience_unpaid` AS
select e.id
from `roster_stage_accounts` as `e`
left join `roster_features_account` as `f` on `f`.`id` = `e`.`id`
where (NOT COALESCE(e.`plan` IN ('pro', 'enterprise'), FALSE));

-- audience has_plan
CREATE OR REPLACE TEMP TABLE `roster_audience_has_plan` AS
select e.id
from `roster_stage_accounts` as `e`
left join `roster_features_account` as `f` on `f`.`id` = `e`.`id`
where COALESCE(e.`plan` IS NOT NULL, FALSE);

-- audience no_plan
CREATE OR REPLACE TEMP TABLE `roster_audience_no_plan` AS
select e.id
from `roster_stage_accounts` as `e`
left join `roster_features_account` as `f` on `f`.`id` = `e`.`id`
where (NOT COALESCE(e.`plan` IS NOT NULL, FALSE));

-- audience non_admins
CREATE OR REPLACE TEMP TABLE `roster_audience_non_admins` AS
select e.id
from `roster_stage_users` as `e`
left join `roster_features_user` as `f` on `f`.`id` = `e`.`id`
where (NOT COALESCE(e.`role` = 'Admin', FALSE));

-- audience pro (account)
select id
from `roster_audience_pro`;

-- audience not_pro (account)
select id
from `roster_audience_not_pro`;

-- audience paid (account)
select id
from `roster_audience_paid`;

-- audience unpaid (account)
select id
from `roster_audience_unpaid`;

-- audience has_plan (account)
select id
from `roster_audience_has_plan`;

-- audience no_plan (account)
select id
from `roster_audience_no_plan`;

-- audience non_admins (user)
select id
from `roster_audience_non_admins`;

drop table if exists `roster_audience_non_admins`;

drop table if exists `roster_audience_no_plan`;

drop table if exists `roster_audience_has_plan`;

drop table if exists `roster_audience_unpaid`;

drop table if exists `roster_audience_paid`;

drop table if exists `roster_audience_not_pro`;

drop table if exists `roster_audience_pro`;

drop table if exists `roster_features_account`;

drop table if exists `roster_features_user`;

drop table if exists `roster_stage_memberships`;

drop table if exists `roster_stage_accounts`;

drop table if exists `roster_stage_users`;
