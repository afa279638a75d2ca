-- The registration office (不动产登记机构) is a party of its own (docs/notifications.md#later-stages): it is told when a
-- first-registration case opens, when the acceptance results it rests on change and when the acceptance pass it rests
-- on is revoked, and may set its preferences like the supervising office.
ALTER TABLE "preference" DROP CONSTRAINT "preference_party_kind_check";
ALTER TABLE "preference" ADD CONSTRAINT "preference_party_kind_check"
  CHECK ("party_kind" IN ('owner', 'department', 'supervisor', 'centre', 'provider', 'registrar'));
