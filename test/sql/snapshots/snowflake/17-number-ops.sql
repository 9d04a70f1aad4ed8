-- roster: snowflake script for now = 2026-06-30T00:00:00.000Z

-- Every user (distinct non-null ids) with the custom traits the project reads.
CREATE OR REPLACE TEMPORARY TABLE "ROSTER_STAGE_USERS" AS
select d.id
from (
  select
    CAST(s."ID" AS VARCHAR) AS id,
    row_number() OVER (PARTITION BY CAST(s."ID" AS VARCHAR) ORDER BY CAST(s."ID" AS VARCHAR)) AS roster_row
  from "USERS" AS s
  where CAST(s."ID" AS VARCHAR) IS NOT NULL
) as "D"
where d.roster_row = 1;

-- Every account (distinct non-null ids) with the custom traits the project reads.
CREATE OR REPLACE TEMPORARY TABLE "ROSTER_STAGE_ACCOUNTS" AS
select d.id, d."MRR", d."SEATS"
from (
  select
    CAST(s."ID" AS VARCHAR) AS id,
    CAST(s."MRR" AS DOUBLE) AS "MRR",
    CAST(s."SEATS" AS DOUBLE) AS "SEATS",
    row_number() OVER (PARTITION BY CAST(s."ID" AS VARCHAR) ORDER BY CAST(s."ID" AS VARCHAR)) AS roster_row
  from "ACCOUNTS" AS s
  where CAST(s."ID" AS VARCHAR) IS NOT NULL
) as "D"
where d.roster_row = 1;

-- Distinct (user, account) pairs whose user and account both exist.
CREATE OR REPLACE TEMPORARY TABLE "ROSTER_STAGE_MEMBERSHIPS" AS
select distinct
  CAST(s."USER_ID" AS VARCHAR) AS user_id,
  CAST(s."ACCOUNT_ID" AS VARCHAR) AS account_id
from "MEMBERSHIPS" AS s
where CAST(s."USER_ID" AS VARCHAR) in (
  select id
  from "ROSTER_STAGE_USERS"
)
  and CAST(s."ACCOUNT_ID" AS VARCHAR) in (
  select id
  from "ROSTER_STAGE_ACCOUNTS"
);

-- No event features per user.
CREATE OR REPLACE TEMPORARY TABLE "ROSTER_FEATURES_USER" AS
select x.id
from "ROSTER_STAGE_USERS" as "X";

-- No event features per account.
CREATE OR REPLACE TEMPORARY TABLE "ROSTER_FEATURES_ACCOUNT" AS
select x.id
from "ROSTER_STAGE_ACCOUNTS" as "X";

-- audience mid_seats
CREATE OR REPLACE TEMPORARY TABLE "ROSTER_AUDIENCE_MID_SEATS" AS
select e.id
from "ROSTER_STAGE_ACCOUNTS" as "E"
left join "ROSTER_FEATURES_ACCOUNT" as "F" on "F"."ID" = "E"."ID"
where COALESCE(e."SEATS" BETWEEN CAST(10 AS DOUBLE) AND CAST(50 AS DOUBLE), FALSE);

-- audience seats_eq_50
CREATE OR REPLACE TEMPORARY TABLE "ROSTER_AUDIENCE_SEATS_EQ_50" AS
select e.id
from "ROSTER_STAGE_ACCOUNTS" as "E"
left join "ROSTER_FEATURES_ACCOUNT" as "F" on "F"."ID" = "E"."ID"
where COALESCE(e."SEATS" = CAST(50 AS DOUBLE), FALSE);

-- audience seats_ne_50
CREATE OR REPLACE TEMPORARY TABLE "ROSTER_AUDIENCE_SEATS_NE_50" AS
select e.id
from "ROSTER_STAGE_ACCOUNTS" as "E"
left join "ROSTER_FEATURES_ACCOUNT" as "F" on "F"."ID" = "E"."ID"
where (NOT COALESCE(e."SEATS" = CAST(50 AS DOUBLE), FALSE));

-- audience small
CREATE OR REPLACE TEMPORARY TABLE "ROSTER_AUDIENCE_SMALL" AS
select e.id
from "ROSTER_STAGE_ACCOUNTS" as "E"
left join "ROSTER_FEATURES_ACCOUNT" as "F" on "F"."ID" = "E"."ID"
where COALESCE(e."SEATS" < CAST(10 AS DOUBLE), FALSE);

-- audience low_mrr
CREATE OR REPLACE TEMPORARY TABLE "ROSTER_AUDIENCE_LOW_MRR" AS
select e.id
from "ROSTER_STAGE_ACCOUNTS" as "E"
left join "ROSTER_FEATURES_ACCOUNT" as "F" on "F"."ID" = "E"."ID"
where COALESCE(e."MRR" < CAST(1000 AS DOUBLE), FALSE);

-- audience mrr_ge_1000
CREATE OR REPLACE TEMPORARY TABLE "ROSTER_AUDIENCE_MRR_GE_1000" AS
select e.id
from "ROSTER_STAGE_ACCOUNTS" as "E"
left join "ROSTER_FEATURES_ACCOUNT" as "F" on "F"."ID" = "E"."ID"
where COALESCE(e."MRR" >= CAST(1000 AS DOUBLE), FALSE);

-- audience mrr_le_0
CREATE OR REPLACE TEMPORARY TABLE "ROSTER_AUDIENCE_MRR_LE_0" AS
select e.id
from "ROSTER_STAGE_ACCOUNTS" as "E"
left join "ROSTER_FEATURES_ACCOUNT" as "F" on "F"."ID" = "E"."ID"
where COALESCE(e."MRR" <= CAST(0 AS DOUBLE), FALSE);

-- audience negative_mrr
CREATE OR REPLACE TEMPORARY TABLE "ROSTER_AUDIENCE_NEGATIVE_MRR" AS
select e.id
from "ROSTER_STAGE_ACCOUNTS" as "E"
left join "ROSTER_FEATURES_ACCOUNT" as "F" on "F"."ID" = "E"."ID"
where COALESCE(e."MRR" < CAST((-2.5) AS DOUBLE), FALSE);

-- audience mid_seats (account)
select id
from "ROSTER_AUDIENCE_MID_SEATS";

-- audience seats_eq_50 (account)
select id
from "ROSTER_AUDIENCE_SEATS_EQ_50";

-- audience seats_ne_50 (account)
select id
from "ROSTER_AUDIENCE_SEATS_NE_50";

-- audience small (account)
select id
from "ROSTER_AUDIENCE_SMALL";

-- audience low_mrr (account)
select id
from "ROSTER_AUDIENCE_LOW_MRR";

-- audience mrr_ge_1000 (account)
select id
from "ROSTER_AUDIENCE_MRR_GE_1000";

-- audience mrr_le_0 (account)
select id
from "ROSTER_AUDIENCE_MRR_LE_0";

-- audience negative_mrr (account)
select id
from "ROSTER_AUDIENCE_NEGATIVE_MRR";

drop table if exists "ROSTER_AUDIENCE_NEGATIVE_MRR";

drop table if exists "ROSTER_AUDIENCE_MRR_LE_0";

drop table if exists "ROSTER_AUDIENCE_MRR_GE_1000";

drop table if exists "ROSTER_AUDIENCE_LOW_MRR";

drop table if exists "ROSTER_AUDIENCE_SMALL";

drop table if exists "ROSTER_AUDIENCE_SEATS_NE_50";

drop table if exists "ROSTER_AUDIENCE_SEATS_EQ_50";

drop table if exists "ROSTER_AUDIENCE_MID_SEATS";

drop table if exists "ROSTER_FEATURES_ACCOUNT";

drop table if exists "ROSTER_FEATURES_USER";

drop table if exists "ROSTER_STAGE_MEMBERSHIPS";

drop table if exists "ROSTER_STAGE_ACCOUNTS";

drop table if exists "ROSTER_STAGE_USERS";
