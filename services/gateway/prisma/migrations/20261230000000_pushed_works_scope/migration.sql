-- 告知承诺免审批 (docs/utility.md): a department's reviewer reads the low-risk outside-line requests whose works plans
-- were pushed to it, and those only (its restoration review is authorised on the same row).
DROP POLICY caller_scope ON utility_request;
CREATE POLICY caller_scope ON utility_request FOR SELECT USING (
  caller_sees_all()
  OR (caller_role() = 'utility' AND provider = caller_provider())
  OR (caller_role() = 'owner' AND (project_id = caller_project() OR caller_sees_project(project_id)))
  OR (caller_role() = 'reviewer'
      AND snapshot -> 'worksPlanPush' -> 'departments' @> jsonb_build_array(jsonb_build_object('code', caller_department()))));

-- And the titles of those requests' projects (the three columns), as 20261219000000_acceptance_project_titles made
-- `project_titles` for a department's acceptance cases; otherwise unchanged.
CREATE OR REPLACE FUNCTION project_titles(ids uuid[]) RETURNS TABLE (id uuid, name text, project_code text, location text)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path FROM CURRENT AS $$
  SELECT p.id, p.name, p.project_code, p.location
    FROM project p
   WHERE p.id = ANY ($1)
     AND (caller_sees_all()
          OR (caller_role() = 'registrar' AND EXISTS (SELECT 1 FROM registration_case r WHERE r.project_id = p.id))
          OR (caller_role() = 'utility'
              AND EXISTS (SELECT 1 FROM utility_request u WHERE u.project_id = p.id AND u.provider = caller_provider()))
          OR (caller_role() IN ('reviewer', 'lead')
              AND EXISTS (SELECT 1 FROM acceptance_case c
                           WHERE c.project_id = p.id
                             AND (c.lead = caller_department()
                                  OR c.snapshot -> 'items'
                                     @> jsonb_build_array(jsonb_build_object('department', caller_department())))))
          OR (caller_role() = 'reviewer'
              AND EXISTS (SELECT 1 FROM utility_request u
                           WHERE u.project_id = p.id
                             AND u.snapshot -> 'worksPlanPush' -> 'departments'
                                 @> jsonb_build_array(jsonb_build_object('code', caller_department()))))
          OR p.id = caller_project()
          OR caller_sees_project(p.id))
$$;
