-- A utility request's change names the departments its outside-line permits were applied to (并联审批) and those its
-- low-risk line's works plan was pushed to (告知承诺免审批) as its `parties` (gateway `changeOf`): their reviewers read
-- the request (the policy of `utility_request`, 20270113010000_permit_inbox_scope), their leads do not. The parties
-- branch of this policy let a lead of such a department read those changes too, and only the gateway's
-- `visibleChange` kept them from it; now the row-level policy says so as well: the parties branch gives a lead no
-- `utility` change. Everything else as 20270103200000_ticket_region_scope left it.
DROP POLICY caller_scope ON "change";
CREATE POLICY caller_scope ON "change" FOR SELECT USING (
  CASE WHEN ticket_id IS NULL THEN
    caller_sees_all()
    OR (caller_role() = 'owner' AND owner_credit_code = caller_credit_code())
    OR (caller_role() = 'reviewer'
        AND ((department = caller_department() AND caller_in_region(project_id))
             OR (department IS NULL AND caller_sees_project(project_id))))
    OR (caller_role() = 'lead' AND lead = caller_department() AND caller_in_region(project_id))
    OR (caller_role() IN ('reviewer', 'lead') AND caller_department() = ANY (parties) AND caller_in_region(project_id)
        AND (caller_role() = 'reviewer' OR event <> 'utility'))
    OR (caller_role() = 'utility' AND event = 'utility'
        AND (provider = caller_provider() OR caller_provider() = ANY (providers)))
    OR (caller_role() = 'registrar' AND event IN ('registration', 'certificate'))
    OR (caller_role() = 'registrar' AND kind IN ('objection.raised', 'objection.answered')
        AND EXISTS (SELECT 1 FROM registration_case r WHERE r.project_id = "change".project_id))
  ELSE
    caller_role() IN ('agent', 'supervisor', 'admin')
    OR (caller_role() IN ('reviewer', 'lead')
        AND (department = caller_department() OR caller_department() = ANY (co_handlers))
        AND caller_covers(region))
    OR (caller_role() = 'owner' AND owner_credit_code = caller_credit_code())
    OR (caller_role() = 'clerk' AND window_clerk = caller_subject())
  END);
