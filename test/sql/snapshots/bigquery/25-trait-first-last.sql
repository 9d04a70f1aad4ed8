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
  CAST(s.`message_id` AS STRING) AS message_id,
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
  min(CASE WHEN e.event = 'Logged In' THEN e.ts END) AS `t_first_login__v`,
  max(CASE WHEN e.event = 'Logged In' THEN e.ts END) AS `t_last_login__v`,
  ARRAY_AGG(CASE WHEN e.`p_feature` IS NOT NULL AND e.event = 'Feature Used' THEN e.`p_feature` END IGNORE NULLS ORDER BY e.ts ASC, e.message_id ASC LIMIT 1)[SAFE_OFFSET(0)] AS `t_first_feature__v`,
  ARRAY_AGG(CASE WHEN e.`p_feature` IS NOT NULL AND e.event = 'Feature Used' THEN e.ts END IGNORE NULLS ORDER BY e.ts ASC, e.message_id ASC LIMIT 1)[SAFE_OFFSET(0)] AS `t_first_feature__t`,
  ARRAY_AGG(CASE WHEN e.`p_feature` IS NOT NULL AND e.event = 'Feature Used' THEN e.message_id END IGNORE NULLS ORDER BY e.ts ASC, e.message_id ASC LIMIT 1)[SAFE_OFFSET(0)] AS `t_first_feature__m`,
  ARRAY_AGG(CASE WHEN e.`p_feature` IS NOT NULL AND e.event = 'Feature Used' THEN e.`p_feature` END IGNORE NULLS ORDER BY e.ts DESC, e.message_id DESC LIMIT 1)[SAFE_OFFSET(0)] AS `t_last_feature__v`,
  ARRAY_AGG(CASE WHEN e.`p_feature` IS NOT NULL AND e.event = 'Feature Used' THEN e.ts END IGNORE NULLS ORDER BY e.ts DESC, e.message_id DESC LIMIT 1)[SAFE_OFFSET(0)] AS `t_last_feature__t`,
  ARRAY_AGG(CASE WHEN e.`p_feature` IS NOT NULL AND e.event = 'Feature Used' THEN e.message_id END IGNORE NULLS ORDER BY e.ts DESC, e.message_id DESC LIMIT 1)[SAFE_OFFSET(0)] AS `t_last_feature__m`
from `roster_stage_tracks` as `e`
group by e.user_id;

-- Every feature needed per user.
CREATE OR REPLACE TEMP TABLE `roster_features_user` AS
select
  x.id,
  r1.`t_first_login__v` AS `t_first_login`,
  r1.`t_last_login__v` AS `t_last_login`,
  r1.`t_first_feature__v` AS `t_first_feature`,
  r1.`t_last_feature__v` AS `t_last_feature`
from `roster_stage_users` as `x`
left join `roster_partials_tracks` as `r1` on r1.user_id = x.id;

-- Every feature needed per account.
CREATE OR REPLACE TEMP TABLE `roster_features_account` AS
select x.id, r1.`t_last_feature` AS `t_last_feature`
from `roster_stage_accounts` as `x`
left join (
  select
    m.account_id AS id,
    ARRAY_AGG(CASE WHEN p.`t_last_feature__t` IS NOT NULL THEN p.`t_last_feature__v` END IGNORE NULLS ORDER BY p.`t_last_feature__t` DESC, p.`t_last_feature__m` DESC LIMIT 1)[SAFE_OFFSET(0)] AS `t_last_feature`
  from `roster_stage_memberships` as `m`
  inner join `roster_partials_tracks` as `p` on p.user_id = m.user_id
  group by m.account_id
) as `r1` on r1.id = x.id;

-- trait first_login (user)
select id, `t_first_login` AS value
from `roster_features_user`
where `t_first_login` is not null;

-- trait last_login (user)
select id, `t_last_login` AS value
from `roster_features_user`
where `t_last_login` is not null;

-- trait first_feature (user)
select id, `t_first_feature` AS value
from `roster_features_user`
where `t_first_feature` is not null;

-- trait last_feature (user)
select id, `t_last_feature` AS value
from `roster_features_user`
where `t_last_feature` is not null;

-- trait account_last_feature (account)
select id, `t_last_feature` AS value
from `roster_features_account`
where `t_last_feature` is not null;

drop table if exists `roster_features_account`;

drop table if exists `roster_features_user`;

drop table if exists `roster_partials_tracks`;

drop table if exists `roster_stage_tracks`;

drop table if exists `roster_stage_memberships`;

drop table if exists `roster_stage_accounts`;

drop table if exists `roster_stage_users`;
