-- 证照异议 on the registration office's live stream: an objection raised or answered is a timeline change (no row of
-- its own: registration keeps the objections), and a registrar was told only of registration and certificate
-- changes, so its 电子证照与异议 and 消息通知 followed an objection only when read again. A registrar is now told of an
-- objection's change on a project it has a registration case on — the same rule as its read of the project's
-- certificates (`GET /projects/:id/certificates`: the project's registration cases as the registrar reads them, at
-- least one), read when the stream reads the change, so a case opened later counts as it does for that route. Every
-- other project's objections stay untold to it. The rest of the policy is as before (20270102000000_caller_region: a
-- department's branches within its token's region).
DROP POLICY caller_scope ON "change";
CREATE POLICY caller_scope ON "change" FOR SELECT USING (
  CASE WHEN ticket_id IS NULL THEN
    caller_sees_all()
    OR (caller_role() = 'owner' AND owner_credit_code = caller_credit_code())
    OR (caller_role() = 'reviewer'
        AND ((department = caller_department() AND caller_in_region(project_id))
             OR (department IS NULL AND caller_sees_project(project_id))))
    OR (caller_role() = 'lead' AND lead = caller_department() AND caller_in_region(project_id))
    OR (caller_role() IN ('reviewer', 'lead') AND caller_department() = ANY (parties) AND caller_in_region(project_id))
    OR (caller_role() = 'utility' AND event = 'utility'
        AND (provider = caller_provider() OR caller_provider() = ANY (providers)))
    OR (caller_role() = 'registrar' AND event IN ('registration', 'certificate'))
    OR (caller_role() = 'registrar' AND kind IN ('objection.raised', 'objection.answered')
        AND EXISTS (SELECT 1 FROM registration_case r WHERE r.project_id = "change".project_id))
  ELSE
    caller_role() IN ('agent', 'supervisor', 'admin')
    OR (caller_role() IN ('reviewer', 'lead')
        AND (department = caller_department() OR caller_department() = ANY (co_handlers)))
    OR (caller_role() = 'owner' AND owner_credit_code = caller_credit_code())
    OR (caller_role() = 'clerk' AND window_clerk = caller_subject())
  END);
