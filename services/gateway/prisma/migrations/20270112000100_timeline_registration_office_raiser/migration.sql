-- 证照异议 raised by the registration office (不动产登记机构, the registrar, party `registration-office`) read as a using
-- department's (使用部门对证照提出异议): the timeline's `raiser` (20270103400000_timeline_objection_raiser) had only
-- `owner` and `department`. It is a 使用部门 in 004:1134's sense, but the owner and the issuing department should read
-- who it was, so its entries now say `registration-office`. project_status copies the column as it is, so it is not
-- re-created; only the check widens.
ALTER TABLE "timeline_entry" DROP CONSTRAINT IF EXISTS "timeline_entry_raiser_check";
ALTER TABLE "timeline_entry" ADD CONSTRAINT "timeline_entry_raiser_check"
  CHECK ("raiser" IN ('owner', 'registration-office', 'department'));

-- The registration office's entries projected before: their summary names the raising party by code, as the projector
-- writes it ("Objection by registration-office to certificate …"), so they are found without replaying the events.
-- Each update moves its project's answer version (the answer_version trigger), so no kept status keeps the old word.
-- Entries projected before 20270103400000 gave the column no raiser at all (NULL, read as a department's): they are
-- named the same way, from the party the summary gives (the projector's `raiserOf`: `owner-…` an owner, the office by
-- its code, any other code a department).
UPDATE "timeline_entry" SET "raiser" = CASE
    WHEN "summary" LIKE 'Objection by registration-office %' THEN 'registration-office'
    WHEN "summary" LIKE 'Objection by owner-%' THEN 'owner'
    ELSE 'department' END
 WHERE "type" IN ('objection.raised', 'objection.answered')
   AND ("raiser" IS NULL OR ("raiser" = 'department' AND "summary" LIKE 'Objection by registration-office %'));
