-- roster: postgres script for now = 2026-06-30T00:00:00.000Z

-- Every user (distinct non-null ids) with the custom traits the project reads.
CREATE TEMPORARY TABLE "roster_stage_users" AS
select distinct on (CAST(s."id" AS text)) CAST(s."id" AS text) AS id
from "users" AS s
where CAST(s."id" AS text) IS NOT NULL;

-- Every account (distinct non-null ids) with the custom traits the project reads.
CREATE TEMPORARY TABLE "roster_stage_accounts" AS
select distinct on (CAST(s."id" AS text)) CAST(s."id" AS text) AS id, CAST(s."plan" AS text) AS "plan"
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
  CAST(s."group_id" AS text) AS group_id,
  CAST(s."event" AS text) AS event,
  CASE WHEN CAST(s."event" AS text) IN (E'Feature Used') THEN CASE WHEN jsonb_typeof(CAST(s."properties" AS jsonb) -> E'feature') = E'string' THEN (CAST(s."properties" AS jsonb) ->> E'feature') END END AS "p_feature"
from "tracks" AS s
where CAST(s."user_id" AS text) IS NOT NULL
  and CAST(s."timestamp" AS timestamptz) <= CAST(E'2026-06-30T00:00:00.000Z' AS timestamptz)
  and CAST(s."event" AS text) IN (E'Feature Used', E'Logged In')
order by "event" asc;

CREATE INDEX ON "roster_stage_tracks" (event);

ANALYZE "roster_stage_tracks";

-- Partial aggregates of every feature over tracks, in one pass, per user and group tag.
CREATE TEMPORARY TABLE "roster_partials_tracks" AS
select
  e.user_id,
  e.group_id AS "tag",
  count(CASE WHEN e.event = E'Logged In' AND e.ts > CAST(E'2026-05-31T00:00:00.000Z' AS timestamptz) AND e.ts <= CAST(E'2026-06-30T00:00:00.000Z' AS timestamptz) THEN 1 END) AS "t_logins_30d__n"
from "roster_stage_tracks" as "e"
group by e.user_id, e.group_id;

-- Per-value event counts for t_top_feature (most_frequent).
CREATE TEMPORARY TABLE "roster_values_t_top_feature" AS
select
  e.user_id,
  e.group_id AS "tag",
  e."p_feature" AS value,
  count(*) AS n
from "roster_stage_tracks" as "e"
where e."p_feature" IS NOT NULL AND e.event = E'Feature Used'
group by e.user_id, e.group_id, e."p_feature";

-- Every feature needed per user.
CREATE TEMPORARY TABLE "roster_features_user" AS
select x.id, r1."t_top_feature" AS "t_top_feature"
from "roster_stage_users" as "x"
left join (
  select id, value AS "t_top_feature"
  from (
    select
      c.*, row_number() OVER (PARTITION BY c.id ORDER BY c.n DESC, (c.value) COLLATE "C" ASC) AS r
    from (
      select p.user_id AS id, p.value, sum(p."n") AS n
      from "roster_values_t_top_feature" as "p"
      group by p.user_id, p.value
    ) as "c"
  ) as "ranked"
  where r = 1 AND n >= CAST(1 AS double precision)
) as "r1" on r1.id = x.id;

-- Every feature needed per account.
CREATE TEMPORARY TABLE "roster_features_account" AS
select
  x.id,
  COALESCE(r1."t_logins_30d", CAST(0 AS double precision)) AS "t_logins_30d"
from "roster_stage_accounts" as "x"
left join (
  select
    m.account_id AS id,
    CAST(sum(p."t_logins_30d__n") AS double precision) AS "t_logins_30d"
  from "roster_stage_memberships" as "m"
  inner join "roster_partials_tracks" as "p" on p.user_id = m.user_id AND (p."tag" IS NULL OR p."tag" = m.account_id)
  group by m.account_id
) as "r1" on r1.id = x.id;

-- Every feature needed per (user, account).
CREATE TEMPORARY TABLE "roster_features_user_account" AS
select
  x.user_id,
  x.account_id,
  COALESCE(r1."t_logins_30d", CAST(0 AS double precision)) AS "t_logins_30d"
from "roster_stage_memberships" as "x"
left join (
  select
    m.user_id AS user_id,
    m.account_id AS account_id,
    CAST(sum(p."t_logins_30d__n") AS double precision) AS "t_logins_30d"
  from "roster_stage_memberships" as "m"
  inner join "roster_partials_tracks" as "p" on p.user_id = m.user_id AND (p."tag" IS NULL OR p."tag" = m.account_id)
  group by m.user_id, m.account_id
) as "r1" on r1.user_id = x.user_id AND r1.account_id = x.account_id;

-- Per account: its users, and how many of them satisfy each quantifier body, in one pass.
CREATE TEMPORARY TABLE "roster_quantified_account" AS
select
  m.account_id AS id,
  count(*) AS n,
  count(CASE WHEN COALESCE(fp."t_logins_30d" >= CAST(1 AS double precision), FALSE) THEN 1 END) AS "q1"
from "roster_stage_memberships" as "m"
inner join "roster_stage_users" as "u" on u.id = m.user_id
left join "roster_features_user" as "fu" on fu.id = u.id
left join "roster_features_user_account" as "fp" on fp.user_id = m.user_id AND fp.account_id = m.account_id
group by m.account_id;

-- audience at_risk
CREATE TEMPORARY TABLE "roster_audience_at_risk" AS
select e.id
from "roster_stage_accounts" as "e"
left join "roster_features_account" as "f" on "f"."id" = "e"."id"
left join "roster_quantified_account" as "g" on "g"."id" = "e"."id"
where ((COALESCE(g."q1", CAST(0 AS double precision)) > CAST(0 AS double precision))
  AND COALESCE(f."t_logins_30d" < CAST(10 AS double precision), FALSE)
  AND (NOT COALESCE(e."plan" = E'enterprise', FALSE)));

-- trait logins_30d (account)
-- Logins by anyone in the account over the last 30 days.
select id, "t_logins_30d" AS value
from "roster_features_account"
where "t_logins_30d" is not null;

-- trait top_feature (user)
select id, "t_top_feature" AS value
from "roster_features_user"
where "t_top_feature" is not null;

-- audience at_risk (account)
select id
from "roster_audience_at_risk";

drop table if exists "roster_audience_at_risk";

drop table if exists "roster_quantified_account";

drop table if exists "roster_features_user_account";

drop table if exists "roster_features_account";

drop table if exists "roster_features_user";

drop table if exists "roster_values_t_top_feature";

drop table if exists "roster_partials_tracks";

drop table if exists "roster_stage_tracks";

drop table if exists "roster_stage_memberships";

drop table if exists "roster_stage_accounts";

drop table if exists "roster_stage_users";
