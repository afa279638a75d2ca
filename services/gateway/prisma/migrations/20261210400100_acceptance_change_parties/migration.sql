-- 联合验收 on the live stream (issue 18): a joint acceptance case's change named its lead department only, so a
-- reviewer or a lead of a department with an item in the case — whose list (`acceptance.list`, contracts'
-- `acceptanceCasePart`) shows the case — was not told of it. `parties` holds every department with a part in the case
-- (its lead and each department with an item), as of the event; each of their reviewers and leads reads the change.
ALTER TABLE "change" ADD COLUMN "parties" TEXT[] NOT NULL DEFAULT ARRAY[]::TEXT[];

DROP POLICY caller_scope ON "change";
CREATE POLICY caller_scope ON "change" FOR SELECT USING (
  CASE WHEN ticket_id IS NULL THEN
    caller_sees_all()
    OR (caller_role() = 'owner' AND owner_credit_code = caller_credit_code())
    OR (caller_role() = 'reviewer'
        AND (department = caller_department() OR (department IS NULL AND caller_sees_project(project_id))))
    OR (caller_role() = 'lead' AND lead = caller_department())
    OR (caller_role() IN ('reviewer', 'lead') AND caller_department() = ANY (parties))
    OR (caller_role() = 'utility' AND event = 'utility' AND provider = caller_provider())
    OR (caller_role() = 'registrar' AND event IN ('registration', 'certificate'))
  ELSE
    caller_sees_all()
    OR caller_role() = 'agent'
    OR (caller_role() IN ('reviewer', 'lead')
        AND (department = caller_department() OR caller_department() = ANY (co_handlers)))
    OR (caller_role() = 'owner' AND owner_credit_code = caller_credit_code())
  END);
