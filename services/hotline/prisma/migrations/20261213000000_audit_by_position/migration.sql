-- The audit chain is read by position only: `audit verify` and the anchors walk it in order
-- (packages/messaging/src/audit.ts). Looking entries up by object or actor is the gateway's `audit_copy`'s
-- (GET /api/v1/admin/audit). These two indexes served no query and cost every appended entry two more index
-- insertions, the object's at a random place: a batch of 200 read entries took 12 ms of PostgreSQL with them and
-- 3.8 ms without (docs/performance.md).
DROP INDEX IF EXISTS "audit_entry_object_position_idx";

DROP INDEX IF EXISTS "audit_entry_actor_position_idx";
