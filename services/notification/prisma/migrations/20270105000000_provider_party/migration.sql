-- A utility provider is a party of its own (docs/notifications.md): it is told how the departments its low-risk line's
-- plans were pushed to reviewed its declared restoration (修复验收), and may set its preferences like a department.
ALTER TABLE "preference" DROP CONSTRAINT "preference_party_kind_check";
ALTER TABLE "preference" ADD CONSTRAINT "preference_party_kind_check"
  CHECK ("party_kind" IN ('owner', 'department', 'supervisor', 'centre', 'provider'));
