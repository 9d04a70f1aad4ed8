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
select d.id, d.`tags`
from (
  select
    CAST(s.`id` AS STRING) AS id,
    CAST(s.`tags` AS ARRAY<STRING>) AS `tags`,
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

-- audience beta_tagged
CREATE OR REPLACE TEMP TABLE `roster_audience_beta_tagged` AS
select e.id
from `roster_stage_accounts` as `e`
left join `roster_features_account` as `f` on `f`.`id` = `e`.`id`
where COALESCE(CASE WHEN e.`tags` IS NOT NULL THEN EXISTS (SELECT 1 FROM UNNEST(e.`tags`) AS roster_v WHERE roster_v IN ('beta')) END, FALSE);

-- audience any_ent
CREATE OR REPLACE TEMP TABLE `roster_audience_any_ent` AS
select e.id
from `roster_stage_accounts` as `e`
left join `roster_features_account` as `f` on `f`.`id` = `e`.`id`
where COALESCE(CASE WHEN e.`tags` IS NOT NULL THEN EXISTS (SELECT 1 FROM UNNEST(e.`tags`) AS roster_v WHERE roster_v IN ('enterprise', 'smb')) END, FALSE);

-- audience beta_and_ent
CREATE OR REPLACE TEMP TABLE `roster_audience_beta_and_ent` AS
select e.id
from `roster_stage_accounts` as `e`
left join `roster_features_account` as `f` on `f`.`id` = `e`.`id`
where COALESCE(CASE WHEN e.`tags` IS NOT NULL THEN (SELECT COUNT(DISTINCT roster_v) FROM UNNEST(e.`tags`) AS roster_v WHERE roster_v IN ('beta', 'enterprise')) = 2 END, FALSE);

-- audience not_beta
CREATE OR REPLACE TEMP TABLE `roster_audience_not_beta` AS
select e.id
from `roster_stage_accounts` as `e`
left join `roster_features_account` as `f` on `f`.`id` = `e`.`id`
where (NOT COALESCE(CASE WHEN e.`tags` IS NOT NULL THEN EXISTS (SELECT 1 FROM UNNEST(e.`tags`) AS roster_v WHERE roster_v IN ('beta')) END, FALSE));

-- audience beta_tagged (account)
select id
from `roster_audience_beta_tagged`;

-- audience any_ent (account)
select id
from `roster_audience_any_ent`;

-- audience beta_and_ent (account)
select id
from `roster_audience_beta_and_ent`;

-- audience not_beta (account)
select id
from `roster_audience_not_beta`;

drop table if exists `roster_audience_not_beta`;

drop table if exists `roster_audience_beta_and_ent`;

drop table if exists `roster_audience_any_ent`;

drop table if exists `roster_audience_beta_tagged`;

drop table if exists `roster_features_account`;

drop table if exists `roster_features_user`;

drop table if exists `roster_stage_memberships`;

drop table if exists `roster_stage_accounts`;

drop table if exists `roster_stage_users`;
