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
select d.id, d.`industry`, d.`plan`, d.`seats`
from (
  select
    CAST(s.`id` AS STRING) AS id,
    CAST(s.`industry` AS STRING) AS `industry`,
    CAST(s.`plan` AS STRING) AS `plan`,
    CAST(s.`seats` AS FLOAT64) AS `seats`,
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

-- audience big
CREATE OR REPLACE TEMP TABLE `roster_audience_big` AS
select e.id
from `roster_stage_accounts` as `e`
left join `roster_features_account` as `f` on `f`.`id` = `e`.`id`
where COALESCE(e.`seats` > CAST(50 AS FLOAT64), FALSE);

-- audience not_big
CREATE OR REPLACE TEMP TABLE `roster_audience_not_big` AS
select e.id
from `roster_stage_accounts` as `e`
left join `roster_features_account` as `f` on `f`.`id` = `e`.`id`
where (NOT COALESCE(e.`seats` > CAST(50 AS FLOAT64), FALSE));

-- audience not_software
CREATE OR REPLACE TEMP TABLE `roster_audience_not_software` AS
select e.id
from `roster_stage_accounts` as `e`
left join `roster_features_account` as `f` on `f`.`id` = `e`.`id`
where (NOT COALESCE(e.`industry` = 'Software', FALSE));

-- audience neither
CREATE OR REPLACE TEMP TABLE `roster_audience_neither` AS
select e.id
from `roster_stage_accounts` as `e`
left join `roster_features_account` as `f` on `f`.`id` = `e`.`id`
where (NOT (COALESCE(e.`industry` = 'Software', FALSE)
  OR COALESCE(e.`plan` = 'pro', FALSE)));

-- audience not_both
CREATE OR REPLACE TEMP TABLE `roster_audience_not_both` AS
select e.id
from `roster_stage_accounts` as `e`
left join `roster_features_account` as `f` on `f`.`id` = `e`.`id`
where (NOT (COALESCE(e.`seats` > CAST(50 AS FLOAT64), FALSE)
  AND COALESCE(e.`plan` = 'pro', FALSE)));

-- audience retail_or_finance_pro
CREATE OR REPLACE TEMP TABLE `roster_audience_retail_or_finance_pro` AS
select e.id
from `roster_stage_accounts` as `e`
left join `roster_features_account` as `f` on `f`.`id` = `e`.`id`
where (COALESCE(e.`industry` = 'Retail', FALSE)
  OR (COALESCE(e.`industry` = 'Finance', FALSE)
  AND COALESCE(e.`plan` = 'pro', FALSE)));

-- audience big (account)
select id
from `roster_audience_big`;

-- audience not_big (account)
select id
from `roster_audience_not_big`;

-- audience not_software (account)
select id
from `roster_audience_not_software`;

-- audience neither (account)
select id
from `roster_audience_neither`;

-- audience not_both (account)
select id
from `roster_audience_not_both`;

-- audience retail_or_finance_pro (account)
select id
from `roster_audience_retail_or_finance_pro`;

drop table if exists `roster_audience_retail_or_finance_pro`;

drop table if exists `roster_audience_not_both`;

drop table if exists `roster_audience_neither`;

drop table if exists `roster_audience_not_software`;

drop table if exists `roster_audience_not_big`;

drop table if exists `roster_audience_big`;

drop table if exists `roster_features_account`;

drop table if exists `roster_features_user`;

drop table if exists `roster_stage_memberships`;

drop table if exists `roster_stage_accounts`;

drop table if exists `roster_stage_users`;
