-- 证照异议 (004:1134) by a lead: a department's lead uses the permits of a project it acts on as its reviewers do, and
-- the joint acceptance's lead department (牵头部门) uses those of the project whose acceptance it leads — and may
-- dispute them. A lead's read of `task` shows the steps it leads, not its department's tasks, so the question is
-- asked here, SECURITY DEFINER as `caller_department_has_task`: a yes or no about the caller's own department and
-- nothing else. Any other role: false. Within the token's region, as every department's branch
-- (20270102000000_caller_region).
CREATE FUNCTION caller_uses_permits(project uuid) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path FROM CURRENT AS $$
  SELECT coalesce(caller_role() = 'lead', false)
     AND (EXISTS (SELECT 1 FROM task t WHERE t.project_id = $1 AND t.department = caller_department())
          OR EXISTS (SELECT 1 FROM acceptance_case a WHERE a.project_id = $1 AND a.lead = caller_department()))
     AND caller_in_region($1) $$;

-- The certificates a lead reads: those permits, never a property certificate (the owner's, which no department uses
-- in its work). Every other clause as 20261201600000_rls_checked_project left it.
DROP POLICY caller_scope ON certificate;
CREATE POLICY caller_scope ON certificate FOR SELECT USING (
  caller_sees_all()
  OR caller_role() = 'registrar'
  OR (caller_role() = 'owner' AND owner_credit_code = caller_credit_code())
  OR (caller_role() = 'reviewer' AND (project_id = caller_project() OR caller_sees_project(project_id)))
  OR (caller_role() = 'lead' AND kind = 'permit' AND caller_uses_permits(project_id)));
