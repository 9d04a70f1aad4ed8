-- roster: bigquery script for now = 2026-03-10T08:00:00.000Z

-- Every user (distinct non-null ids) with the custom traits the project reads.
CREATE OR REPLACE TEMP TABLE `roster_stage_users` AS
select d.id, d.`signed_up_at`
from (
  select
    CAST(s.`id` AS STRING) AS id,
    CAST(s.`signed_up_at` AS TIMESTAMP) AS `signed_up_at`,
    row_number() OVER (PARTITION BY CAST(s.`id` AS STRING) ORDER BY CAST(s.`id` AS STRING)) AS roster_row
  from `users` AS s
  where CAST(s.`id` AS STRING) IS NOT NULL
) as `d`
where d.roster_row = 1;

-- Every account (distinct non-null ids) with the custom traits the project reads.
CREATE OR REPLACE TEMP TABLE `roster_stage_accounts` AS
select d.id, d.`created_at`
from (
  select
    CAST(s.`id` AS STRING) AS id,
    CAST(s.`created_at` AS TIMESTAMP) AS `created_at`,
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
  CAST(s.`event` AS STRING) AS event
from `tracks` AS s
where CAST(s.`user_id` AS STRING) IS NOT NULL
  and CAST(s.`timestamp` AS TIMESTAMP) <= TIMESTAMP '2026-03-10 08:00:00.000+00:00'
  and CAST(s.`event` AS STRING) IN ('Feature Used', 'Logged In');

-- Partial aggregates of every feature over tracks, in one pass, per user.
CREATE OR REPLACE TEMP TABLE `roster_partials_tracks` AS
select
  e.user_id,
  count(CASE WHEN e.event = 'Logged In' AND e.ts <= TIMESTAMP '2026-02-08 08:00:00.000+00:00' THEN 1 END) AS `f1__n`,
  count(CASE WHEN e.event = 'Logged In' AND e.ts > TIMESTAMP '2026-02-08 08:00:00.000+00:00' AND e.ts <= TIMESTAMP '2026-03-10 08:00:00.000+00:00' THEN 1 END) AS `f2__n`,
  count(CASE WHEN e.event = 'Logged In' AND e.ts <= TIMESTAMP '2026-03-10 08:00:00.000+00:00' THEN 1 END) AS `f3__n`,
  count(CASE WHEN e.event = 'Logged In' THEN 1 END) AS `t_all_logins__n`,
  count(CASE WHEN e.event = 'Feature Used' AND e.ts <= TIMESTAMP '2026-03-10 06:30:00.000+00:00' THEN 1 END) AS `f4__n`
from `roster_stage_tracks` as `e`
group by e.user_id;

-- Every feature needed per user.
CREATE OR REPLACE TEMP TABLE `roster_features_user` AS
select
  x.id,
  COALESCE(CAST(r1.`f1__n` AS FLOAT64), CAST(0 AS FLOAT64)) AS `f1`,
  COALESCE(CAST(r1.`f2__n` AS FLOAT64), CAST(0 AS FLOAT64)) AS `f2`,
  COALESCE(CAST(r1.`f3__n` AS FLOAT64), CAST(0 AS FLOAT64)) AS `f3`,
  COALESCE(CAST(r1.`t_all_logins__n` AS FLOAT64), CAST(0 AS FLOAT64)) AS `t_all_logins`,
  COALESCE(CAST(r1.`f4__n` AS FLOAT64), CAST(0 AS FLOAT64)) AS `f4`
from `roster_stage_users` as `x`
left join `roster_partials_tracks` as `r1` on r1.user_id = x.id;

-- No event features per account.
CREATE OR REPLACE TEMP TABLE `roster_features_account` AS
select x.id
from `roster_stage_accounts` as `x`;

-- audience lapsed_30d
CREATE OR REPLACE TEMP TABLE `roster_audience_lapsed_30d` AS
select e.id
from `roster_stage_users` as `e`
left join `roster_features_user` as `f` on `f`.`id` = `e`.`id`
where COALESCE(f.`f1` >= CAST(1 AS FLOAT64), FALSE);

-- audience recent_30d
CREATE OR REPLACE TEMP TABLE `roster_audience_recent_30d` AS
select e.id
from `roster_stage_users` as `e`
left join `roster_features_user` as `f` on `f`.`id` = `e`.`id`
where COALESCE(f.`f2` >= CAST(1 AS FLOAT64), FALSE);

-- audience any_login
CREATE OR REPLACE TEMP TABLE `roster_audience_any_login` AS
select e.id
from `roster_stage_users` as `e`
left join `roster_features_user` as `f` on `f`.`id` = `e`.`id`
where COALESCE(f.`f3` >= CAST(1 AS FLOAT64), FALSE);

-- audience never_old
CREATE OR REPLACE TEMP TABLE `roster_audience_never_old` AS
select e.id
from `roster_stage_users` as `e`
left join `roster_features_user` as `f` on `f`.`id` = `e`.`id`
where (NOT COALESCE(f.`f1` >= CAST(1 AS FLOAT64), FALSE));

-- audience old_twice
CREATE OR REPLACE TEMP TABLE `roster_audience_old_twice` AS
select e.id
from `roster_stage_users` as `e`
left join `roster_features_user` as `f` on `f`.`id` = `e`.`id`
where COALESCE(f.`f1` >= CAST(2 AS FLOAT64), FALSE);

-- audience fu_before_90m
CREATE OR REPLACE TEMP TABLE `roster_audience_fu_before_90m` AS
select e.id
from `roster_stage_users` as `e`
left join `roster_features_user` as `f` on `f`.`id` = `e`.`id`
where COALESCE(f.`f4` >= CAST(1 AS FLOAT64), FALSE);

-- audience old_signup
CREATE OR REPLACE TEMP TABLE `roster_audience_old_signup` AS
select e.id
from `roster_stage_users` as `e`
left join `roster_features_user` as `f` on `f`.`id` = `e`.`id`
where COALESCE(e.`signed_up_at` <= TIMESTAMP '2026-02-24 08:00:00.000+00:00', FALSE);

-- audience old_signup_date
CREATE OR REPLACE TEMP TABLE `roster_audience_old_signup_date` AS
select e.id
from `roster_stage_users` as `e`
left join `roster_features_user` as `f` on `f`.`id` = `e`.`id`
where COALESCE(e.`signed_up_at` < TIMESTAMP '2026-02-24 08:00:00.000+00:00', FALSE);

-- audience existing_accounts
CREATE OR REPLACE TEMP TABLE `roster_audience_existing_accounts` AS
select e.id
from `roster_stage_accounts` as `e`
left join `roster_features_account` as `f` on `f`.`id` = `e`.`id`
where COALESCE(e.`created_at` <= TIMESTAMP '2026-03-10 08:00:00.000+00:00', FALSE);

-- audience lapsed_30d (user)
select id
from `roster_audience_lapsed_30d`;

-- audience recent_30d (user)
select id
from `roster_audience_recent_30d`;

-- audience any_login (user)
select id
from `roster_audience_any_login`;

-- audience never_old (user)
select id
from `roster_audience_never_old`;

-- audience old_twice (user)
select id
from `roster_audience_old_twice`;

-- trait old_logins (user)
select id, `f1` AS value
from `roster_features_user`
where `f1` is not null;

-- trait new_logins (user)
select id, `f2` AS value
from `roster_features_user`
where `f2` is not null;

-- trait all_logins (user)
select id, `t_all_logins` AS value
from `roster_features_user`
where `t_all_logins` is not null;

-- audience fu_before_90m (user)
select id
from `roster_audience_fu_before_90m`;

-- audience old_signup (user)
select id
from `roster_audience_old_signup`;

-- audience old_signup_date (user)
select id
from `roster_audience_old_signup_date`;

-- audience existing_accounts (account)
select id
from `roster_audience_existing_accounts`;

drop table if exists `roster_audience_existing_accounts`;

drop table if exists `roster_audience_old_signup_date`;

drop table if exists `roster_audience_old_signup`;

drop table if exists `roster_audience_fu_before_90m`;

drop table if exists `roster_audience_old_twice`;

drop table if exists `roster_audience_never_old`;

drop table if exists `roster_audience_any_login`;

drop table if exists `roster_audience_recent_30d`;

drop table if exists `roster_audience_lapsed_30d`;

drop table if exists `roster_features_account`;

drop table if exists `roster_features_user`;

drop table if exists `roster_partials_tracks`;

drop table if exists `roster_stage_tracks`;

drop table if exists `roster_stage_memberships`;

drop table if exists `roster_stage_accounts`;

drop table if exists `roster_stage_users`;
