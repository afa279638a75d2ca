-- 12345 tickets on the live stream (docs/hotline.md "Read model"): a ticket's change names the ticket, not a project
-- (a ticket may have none, and a linked project's owner may not read a third party's ticket about it), so
-- `project_id` may be empty when `ticket_id` is given — exactly one of the two. Its scope is the ticket's as its
-- read route and the `ticket` policy (20261205020000_hotline_tickets) give it, as of the event: the handling unit and
-- the co-handlers (`department`, `co_handlers`), the owner organisation that filed it online (`owner_credit_code`,
-- the ticket's own, never the linked project's owner), the agents and the supervisors.
ALTER TABLE "change" ALTER COLUMN "project_id" DROP NOT NULL;
ALTER TABLE "change" ADD COLUMN "ticket_id" UUID;
ALTER TABLE "change" ADD COLUMN "co_handlers" TEXT[] NOT NULL DEFAULT ARRAY[]::TEXT[];
ALTER TABLE "change" ADD CONSTRAINT "change_subject_check" CHECK (("project_id" IS NULL) <> ("ticket_id" IS NULL));

DROP POLICY caller_scope ON "change";
CREATE POLICY caller_scope ON "change" FOR SELECT USING (
  CASE WHEN ticket_id IS NULL THEN
    caller_sees_all()
    OR (caller_role() = 'owner' AND owner_credit_code = caller_credit_code())
    OR (caller_role() = 'reviewer'
        AND (department = caller_department() OR (department IS NULL AND caller_sees_project(project_id))))
    OR (caller_role() = 'lead' AND lead = caller_department())
    OR (caller_role() = 'utility' AND event = 'utility' AND provider = caller_provider())
    OR (caller_role() = 'registrar' AND event IN ('registration', 'certificate'))
  ELSE
    caller_sees_all()
    OR caller_role() = 'agent'
    OR (caller_role() IN ('reviewer', 'lead')
        AND (department = caller_department() OR caller_department() = ANY (co_handlers)))
    OR (caller_role() = 'owner' AND owner_credit_code = caller_credit_code())
  END);
