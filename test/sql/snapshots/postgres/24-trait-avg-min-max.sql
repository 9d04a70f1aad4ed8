-- roster: postgres script for now = 2026-06-30T00:00:00.000Z

-- Every user (distinct non-null ids) with the custom traits the project reads.
CREATE TEMPORARY TABLE "roster_stage_users" AS
select distinct on (CAST(s."id" AS text)) CAST(s."id" AS text) AS id
from "users" AS s
where CAST(s."id" AS text) IS NOT NULL;

-- Every account (distinct non-null ids) with the custom traits the project reads.
CREATE TEMPORARY TABLE "roster_stage_accounts" AS
select distinct on (CAST(s."id" AS text)) CAST(s."id" AS text) AS id
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
  CAST(s."event" AS text) AS event,
  CASE WHEN CAST(s."event" AS text) IN (E'Order Completed') THEN CASE WHEN jsonb_typeof(CAST(s."properties" AS jsonb) -> E'revenue') = E'number' THEN CAST((CAST(s."properties" AS jsonb) ->> E'revenue') AS double precision) END END AS "p_revenue",
  CASE WHEN CAST(s."event" AS text) IN (E'NPS Submitted') THEN CASE WHEN jsonb_typeof(CAST(s."properties" AS jsonb) -> E'score') = E'number' THEN CAST((CAST(s."properties" AS jsonb) ->> E'score') AS double precision) END END AS "p_score"
from "tracks" AS s
where CAST(s."user_id" AS text) IS NOT NULL
  and CAST(s."timestamp" AS timestamptz) <= CAST(E'2026-06-30T00:00:00.000Z' AS timestamptz)
  and CAST(s."event" AS text) IN (E'NPS Submitted', E'Order Completed')
order by "event" asc;

CREATE INDEX ON "roster_stage_tracks" (event);

ANALYZE "roster_stage_tracks";

-- Partial aggregates of every feature over tracks of event "NPS Submitted", in one pass, per user.
CREATE TEMPORARY TABLE "roster_partials_tracks_1" AS
select
  e.user_id,
  sum(e."p_score") AS "t_avg_score__s",
  count(e."p_score") AS "t_avg_score__n",
  min(e."p_score") AS "t_min_score__v",
  max(e."p_score") AS "t_max_score__v",
  sum(CASE WHEN e.ts > CAST(E'2026-05-31T00:00:00.000Z' AS timestamptz) AND e.ts <= CAST(E'2026-06-30T00:00:00.000Z' AS timestamptz) THEN e."p_score" END) AS "t_account_avg_score__s",
  count(CASE WHEN e.ts > CAST(E'2026-05-31T00:00:00.000Z' AS timestamptz) AND e.ts <= CAST(E'2026-06-30T00:00:00.000Z' AS timestamptz) THEN e."p_score" END) AS "t_account_avg_score__n"
from "roster_stage_tracks" as "e"
where e.event = E'NPS Submitted'
group by e.user_id;

-- Partial aggregates of every feature over tracks of event "Order Completed", in one pass, per user.
CREATE TEMPORARY TABLE "roster_partials_tracks_2" AS
select e.user_id, max(e."p_revenue") AS "t_max_order__v"
from "roster_stage_tracks" as "e"
where e.event = E'Order Completed'
group by e.user_id;

-- Every feature needed per user.
CREATE TEMPORARY TABLE "roster_features_user" AS
select
  x.id,
  CAST(r1."t_avg_score__s" / NULLIF(r1."t_avg_score__n", 0) AS double precision) AS "t_avg_score",
  r1."t_min_score__v" AS "t_min_score",
  r1."t_max_score__v" AS "t_max_score"
from "roster_stage_users" as "x"
left join "roster_partials_tracks_1" as "r1" on r1.user_id = x.id;

-- Every feature needed per account.
CREATE TEMPORARY TABLE "roster_features_account" AS
select
  x.id,
  r1."t_account_avg_score" AS "t_account_avg_score",
  r2."t_max_order" AS "t_max_order"
from "roster_stage_accounts" as "x"
left join (
  select
    m.account_id AS id,
    CAST(sum(p."t_account_avg_score__s") / NULLIF(sum(p."t_account_avg_score__n"), 0) AS double precision) AS "t_account_avg_score"
  from "roster_stage_memberships" as "m"
  inner join "roster_partials_tracks_1" as "p" on p.user_id = m.user_id
  group by m.account_id
) as "r1" on r1.id = x.id
left join (
  select m.account_id AS id, max(p."t_max_order__v") AS "t_max_order"
  from "roster_stage_memberships" as "m"
  inner join "roster_partials_tracks_2" as "p" on p.user_id = m.user_id
  group by m.account_id
) as "r2" on r2.id = x.id;

-- trait avg_score (user)
select id, "t_avg_score" AS value
from "roster_features_user"
where "t_avg_score" is not null;

-- trait min_score (user)
select id, "t_min_score" AS value
from "roster_features_user"
where "t_min_score" is not null;

-- trait max_score (user)
select id, "t_max_score" AS value
from "roster_features_user"
where "t_max_score" is not null;

-- trait account_avg_score (account)
select id, "t_account_avg_score" AS value
from "roster_features_account"
where "t_account_avg_score" is not null;

-- trait max_order (account)
select id, "t_max_order" AS value
from "roster_features_account"
where "t_max_order" is not null;

drop table if exists "roster_features_account";

drop table if exists "roster_features_user";

drop table if exists "roster_partials_tracks_2";

drop table if exists "roster_partials_tracks_1";

drop table if exists "roster_stage_tracks";

drop table if exists "roster_stage_memberships";

drop table if exists "roster_stage_accounts";

drop table if exists "roster_stage_users";
