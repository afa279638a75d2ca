-- 失信 (docs/intake.md#the-dishonesty-list-失信): each change of an owner's listing is published
-- (permit.intake.dishonest-owner.listed.v1 / .delisted.v1) with a version counted here under the row's lock, so a
-- reader keeps the latest change whatever order the events reach it in. The row outlives a delisting: the next
-- listing counts on from it.
CREATE TABLE "dishonest_owner_version" (
    "credit_code" TEXT NOT NULL,
    "version" INTEGER NOT NULL,

    CONSTRAINT "dishonest_owner_version_pkey" PRIMARY KEY ("credit_code")
);

-- The owners listed before the events existed: version 1, and their listing published as if made now, so the services
-- that refuse a listed owner (acceptance) hear of them too. The row is what `outbox.add` would write (the relay polls).
INSERT INTO "dishonest_owner_version" ("credit_code", "version")
SELECT "credit_code", 1 FROM "dishonest_owner";

WITH listed AS (
  SELECT gen_random_uuid() AS id, o.*,
         to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS now_text
    FROM "dishonest_owner" o
)
INSERT INTO "outbox_message" ("id", "subject", "aggregate_id", "payload", "headers")
SELECT id, 'permit.intake.dishonest-owner.listed.v1', 'owner:' || credit_code,
       jsonb_strip_nulls(jsonb_build_object(
         'creditCode', credit_code,
         'version', 1,
         'reason', left(reason, 500),
         'listedAt', to_char(listed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
         'listedBy', left(listed_by, 300))),
       jsonb_build_object(
         'ce-specversion', '1.0', 'ce-id', id::text, 'ce-type', 'permit.intake.dishonest-owner.listed.v1',
         'ce-source', 'intake', 'ce-time', now_text, 'ow-aggregate', 'owner:' || credit_code)
  FROM listed
 ORDER BY listed_at, credit_code;
