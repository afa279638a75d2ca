-- 监督 — the supervising office is a party of its own (docs/notifications.md): it is told of overdue 好差评
-- fix-and-reply loops and may set its preferences like an owner or a department.
ALTER TABLE "preference" DROP CONSTRAINT "preference_party_kind_check";
ALTER TABLE "preference" ADD CONSTRAINT "preference_party_kind_check"
  CHECK ("party_kind" IN ('owner', 'department', 'supervisor'));
