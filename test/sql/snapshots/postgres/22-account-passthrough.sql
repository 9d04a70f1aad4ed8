-- roster: postgres script for now = 2026-06-30T00:00:00.000Z

-- Every user (distinct non-null ids) with the custom traits the project reads.
CREATE TEMPORARY TABLE "roster_stage_users" AS
select distinct on (CAST(s."id" AS text)) CAST(s."id" AS text) AS id, CAST(s."role" AS text) AS "role"
from "users" AS s
where CAST(s."id" AS text) IS NOT NULL;

-- Every account (distinct non-null ids) with the custom traits the project reads.
CREATE TEMPORARY TABLE "roster_stage_accounts" AS
select distinct on (CAST(s."id" AS text))
  CAST(s."id" AS text) AS id,
  CAST(s."plan" AS text) AS "plan",
  CAST(s."seats" AS double precision) AS "seats"
from "accounts" AS s
where CAST(s."id" AS text) IS NOT NULL;

-- Distinct (user, account) pairs whose user and account both exist.
CREATE TEMPORARY TABLE "roster_stage_memberships" AS
select distinct
  CAST(s."user_id" AS text) AS user_id,
  CAST(s."account_id" AS text) AS account_id
from "memberships" AS s
where CAST(s."user_id" AS text) in (
  select id
  from "roster_stage_users"
)
  and CAST(s."account_id" AS text) in (
  select id
  from "roster_stage_accounts"
);

-- The one scan of tracks: events up to now, only what the project reads.
CREATE TEMPORARY TABLE "roster_stage_tracks" AS
select
  CAST(s."user_id" AS text) AS user_id,
  CAST(s."timestamp" AS timestamptz) AS ts,
  CAST(s."event" AS text) AS event
from "tracks" AS s
where CAST(s."user_id" AS text) IS NOT NULL
  and CAST(s."timestamp" AS timestamptz) <= CAST(E'2026-06-30T00:00:00.000Z' AS timestamptz)
  and CAST(s."event" AS text) IN (E'Logged In');

-- Partial aggregates of every feature over tracks, in one pass, per user.
CREATE TEMPORARY TABLE "roster_partials_tracks" AS
select
  e.user_id,
  count(CASE WHEN e.event = E'Logged In' THEN 1 END) AS "t_acct_logins__n"
from "roster_stage_tracks" as "e"
group by e.user_id;

-- Every feature needed per account.
CREATE TEMPORARY TABLE "roster_features_account" AS
select
  x.id,
  COALESCE(r1."t_acct_logins", CAST(0 AS double precision)) AS "t_acct_logins"
from "roster_stage_accounts" as "x"
left join (
  select
    m.account_id AS id,
    CAST(sum(p."t_acct_logins__n") AS double precision) AS "t_acct_logins"
  from "roster_stage_memberships" as "m"
  inner join "roster_partials_tracks" as "p" on p.user_id = m.user_id
  group by m.account_id
) as "r1" on r1.id = x.id;

-- No event features per user.
CREATE TEMPORARY TABLE "roster_features_user" AS
select x.id
from "roster_stage_users" as "x";

-- Per user: how many of the user's accounts satisfy each `some account` condition, in one pass.
CREATE TEMPORARY TABLE "roster_some_account_user" AS
select
  m.user_id AS id,
  count(*) AS n,
  count(CASE WHEN COALESCE(acc."plan" = E'pro', FALSE) THEN 1 END) AS "s1",
  count(CASE WHEN COALESCE(acc."seats" >= CAST(100 AS double precision), FALSE) THEN 1 END) AS "s2",
  count(CASE WHEN COALESCE(fa."t_acct_logins" >= CAST(2 AS double precision), FALSE) THEN 1 END) AS "s3"
from "roster_stage_memberships" as "m"
inner join "roster_stage_accounts" as "acc" on acc.id = m.account_id
left join "roster_features_account" as "fa" on fa.id = acc.id
group by m.user_id;

-- audience enterprise_accounts
CREATE TEMPORARY TABLE "roster_audience_enterprise_accounts" AS
select e.id
from "roster_stage_accounts" as "e"
left join "roster_features_account" as "f" on "f"."id" = "e"."id"
where COALESCE(e."plan" = E'enterprise', FALSE);

-- audience ent_users
CREATE TEMPORARY TABLE "roster_audience_ent_users" AS
select e.id
from "roster_stage_users" as "e"
left join "roster_features_user" as "f" on "f"."id" = "e"."id"
where EXISTS (
  select 1
  from "roster_stage_memberships" as "m1"
  inner join "roster_stage_accounts" as "acc2" on acc2.id = m1.account_id
  left join "roster_features_account" as "fa3" on fa3.id = acc2.id
  where m1.user_id = e.id
    and EXISTS (
    select 1
    from "roster_audience_enterprise_accounts" as "a4"
    where a4.id = acc2.id
  )
);

-- audience not_ent_users
CREATE TEMPORARY TABLE "roster_audience_not_ent_users" AS
select e.id
from "roster_stage_users" as "e"
left join "roster_features_user" as "f" on "f"."id" = "e"."id"
where (NOT EXISTS (
  select 1
  from "roster_stage_memberships" as "m5"
  inner join "roster_stage_accounts" as "acc6" on acc6.id = m5.account_id
  left join "roster_features_account" as "fa7" on fa7.id = acc6.id
  where m5.user_id = e.id
    and EXISTS (
    select 1
    from "roster_audience_enterprise_accounts" as "a8"
    where a8.id = acc6.id
  )
));

-- audience pro_plan_users
CREATE TEMPORARY TABLE "roster_audience_pro_plan_users" AS
select e.id
from "roster_stage_users" as "e"
left join "roster_features_user" as "f" on "f"."id" = "e"."id"
left join "roster_some_account_user" as "g" on "g"."id" = "e"."id"
where (COALESCE(g."s1", CAST(0 AS double precision)) > CAST(0 AS double precision));

-- audience big_account_admins
CREATE TEMPORARY TABLE "roster_audience_big_account_admins" AS
select e.id
from "roster_stage_users" as "e"
left join "roster_features_user" as "f" on "f"."id" = "e"."id"
left join "roster_some_account_user" as "g" on "g"."id" = "e"."id"
where (COALESCE(e."role" = E'Admin', FALSE)
  AND (COALESCE(g."s2", CAST(0 AS double precision)) > CAST(0 AS double precision)));

-- audience in_busy_account
CREATE TEMPORARY TABLE "roster_audience_in_busy_account" AS
select e.id
from "roster_stage_users" as "e"
left join "roster_features_user" as "f" on "f"."id" = "e"."id"
left join "roster_some_account_user" as "g" on "g"."id" = "e"."id"
where (COALESCE(g."s3", CAST(0 AS double precision)) > CAST(0 AS double precision));

-- audience enterprise_accounts (account)
select id
from "roster_audience_enterprise_accounts";

-- audience ent_users (user)
select id
from "roster_audience_ent_users";

-- audience not_ent_users (user)
select id
from "roster_audience_not_ent_users";

-- audience pro_plan_users (user)
select id
from "roster_audience_pro_plan_users";

-- audience big_account_admins (user)
select id
from "roster_audience_big_account_admins";

-- trait acct_logins (account)
select id, "t_acct_logins" AS value
from "roster_features_account"
where "t_acct_logins" is not null;

-- audience in_busy_account (user)
select id
from "roster_audience_in_busy_account";

drop table if exists "roster_audience_in_busy_account";

drop table if exists "roster_audience_big_account_admins";

drop table if exists "roster_audience_pro_plan_users";

drop table if exists "roster_audience_not_ent_users";

drop table if exists "roster_audience_ent_users";

drop table if exists "roster_audience_enterprise_accounts";

drop table if exists "roster_some_account_user";

drop table if exists "roster_features_user";

drop table if exists "roster_features_account";

drop table if exists "roster_partials_tracks";

drop table if exists "roster_stage_tracks";

drop table if exists "roster_stage_memberships";

drop table if exists "roster_stage_accounts";

drop table if exists "roster_stage_users";
