-- 热线中心 — the 12345 centre is a party of its own (docs/notifications.md): it is told when a department answers its
-- knowledge-point feedback or lets it run overdue, and may set its preferences like the supervising office.
ALTER TABLE "preference" DROP CONSTRAINT "preference_party_kind_check";
ALTER TABLE "preference" ADD CONSTRAINT "preference_party_kind_check"
  CHECK ("party_kind" IN ('owner', 'department', 'supervisor', 'centre'));
