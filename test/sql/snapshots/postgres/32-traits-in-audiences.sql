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
  CASE WHEN CAST(s."event" AS text) IN (E'Feature Used') THEN CASE WHEN jsonb_typeof(CAST(s."properties" AS jsonb) -> E'feature') = E'string' THEN (CAST(s."properties" AS jsonb) ->> E'feature') END END AS "p_feature"
from "tracks" AS s
where CAST(s."user_id" AS text) IS NOT NULL
  and CAST(s."timestamp" AS timestamptz) <= CAST(E'2026-06-30T00:00:00.000Z' AS timestamptz)
  and CAST(s."event" AS text) IN (E'Feature Used', E'Logged In')
order by "event" asc;

CREATE INDEX ON "roster_stage_tracks" (event);

ANALYZE "roster_stage_tracks";

-- Partial aggregates of every feature over tracks, in one pass, per user.
CREATE TEMPORARY TABLE "roster_partials_tracks" AS
select
  e.user_id,
  max(CASE WHEN e.event = E'Logged In' THEN e.ts END) AS "t_last_login__v"
from "roster_stage_tracks" as "e"
group by e.user_id;

-- Per-value event counts for t_top_feature (most_frequent).
CREATE TEMPORARY TABLE "roster_values_t_top_feature" AS
select e.user_id, e."p_feature" AS value, count(*) AS n
from "roster_stage_tracks" as "e"
where e."p_feature" IS NOT NULL AND e.event = E'Feature Used'
group by e.user_id, e."p_feature";

-- Every feature needed per user.
CREATE TEMPORARY TABLE "roster_features_user" AS
select
  x.id,
  r1."t_last_login__v" AS "t_last_login",
  r2."t_top_feature" AS "t_top_feature"
from "roster_stage_users" as "x"
left join "roster_partials_tracks" as "r1" on r1.user_id = x.id
left join (
  select id, value AS "t_top_feature"
  from (
    select
      c.*, row_number() OVER (PARTITION BY c.id ORDER BY c.n DESC, (c.value) COLLATE "C" ASC) AS r
    from (
      select p.user_id AS id, p.value, p."n" AS n
      from "roster_values_t_top_feature" as "p"
    ) as "c"
  ) as "ranked"
  where r = 1 AND n >= CAST(1 AS double precision)
) as "r2" on r2.id = x.id;

-- No event features per account.
CREATE TEMPORARY TABLE "roster_features_account" AS
select x.id
from "roster_stage_accounts" as "x";

-- audience dormant
CREATE TEMPORARY TABLE "roster_audience_dormant" AS
select e.id
from "roster_stage_users" as "e"
left join "roster_features_user" as "f" on "f"."id" = "e"."id"
where (COALESCE(f."t_last_login" < CAST(E'2026-06-01T00:00:00.000Z' AS timestamptz), FALSE)
  OR (NOT COALESCE(f."t_last_login" IS NOT NULL, FALSE)));

-- audience recently_seen
CREATE TEMPORARY TABLE "roster_audience_recently_seen" AS
select e.id
from "roster_stage_users" as "e"
left join "roster_features_user" as "f" on "f"."id" = "e"."id"
where COALESCE(f."t_last_login" > CAST(E'2026-06-23T00:00:00.000Z' AS timestamptz) AND f."t_last_login" <= CAST(E'2026-06-30T00:00:00.000Z' AS timestamptz), FALSE);

-- audience top_exporters
CREATE TEMPORARY TABLE "roster_audience_top_exporters" AS
select e.id
from "roster_stage_users" as "e"
left join "roster_features_user" as "f" on "f"."id" = "e"."id"
where COALESCE(f."t_top_feature" = E'export', FALSE);

-- audience not_exporters
CREATE TEMPORARY TABLE "roster_audience_not_exporters" AS
select e.id
from "roster_stage_users" as "e"
left join "roster_features_user" as "f" on "f"."id" = "e"."id"
where (NOT COALESCE(f."t_top_feature" = E'export', FALSE));

-- trait last_login (user)
select id, "t_last_login" AS value
from "roster_features_user"
where "t_last_login" is not null;

-- audience dormant (user)
select id
from "roster_audience_dormant";

-- audience recently_seen (user)
select id
from "roster_audience_recently_seen";

-- trait top_feature (user)
select id, "t_top_feature" AS value
from "roster_features_user"
where "t_top_feature" is not null;

-- audience top_exporters (user)
select id
from "roster_audience_top_exporters";

-- audience not_exporters (user)
select id
from "roster_audience_not_exporters";

drop table if exists "roster_audience_not_exporters";

drop table if exists "roster_audience_top_exporters";

drop table if exists "roster_audience_recently_seen";

drop table if exists "roster_audience_dormant";

drop table if exists "roster_features_account";

drop table if exists "roster_features_user";

drop table if exists "roster_values_t_top_feature";

drop table if exists "roster_partials_tracks";

drop table if exists "roster_stage_tracks";

drop table if exists "roster_stage_memberships";

drop table if exists "roster_stage_accounts";

drop table if exists "roster_stage_users";
