-- 并联审批 (docs/utility.md "Who decides a permit"): a department's reviewer reads the utility requests with an
-- outside-line permit applied to its department on the platform (a permit naming the department with `appliedOn`),
-- within its region, beside those whose works plans were pushed to it (20261230000000_pushed_works_scope, made
-- regional by 20270102000000_caller_region). Its decision is authorised on the same row.
CREATE FUNCTION permit_applied_to_caller(snapshot jsonb) RETURNS boolean LANGUAGE sql STABLE AS $$
  SELECT coalesce(jsonb_path_exists(snapshot, '$.permits[*] ? (@.department == $d && exists(@.appliedOn))',
                                    jsonb_build_object('d', caller_department())), false) $$;

DROP POLICY caller_scope ON utility_request;
CREATE POLICY caller_scope ON utility_request FOR SELECT USING (
  caller_sees_all()
  OR (caller_role() = 'utility' AND provider = caller_provider())
  OR (caller_role() = 'owner' AND (project_id = caller_project() OR caller_sees_project(project_id)))
  OR (caller_role() = 'reviewer'
      AND (snapshot -> 'worksPlanPush' -> 'departments' @> jsonb_build_array(jsonb_build_object('code', caller_department()))
           OR permit_applied_to_caller(snapshot))
      AND caller_in_region(project_id)));

-- And the titles of those requests' projects; otherwise as 20270102000000_caller_region left it.
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
              AND (caller_region() IS NULL OR region_covers(caller_region(), p.region))
              AND EXISTS (SELECT 1 FROM acceptance_case c
                           WHERE c.project_id = p.id
                             AND (c.lead = caller_department()
                                  OR c.snapshot -> 'items'
                                     @> jsonb_build_array(jsonb_build_object('department', caller_department())))))
          OR (caller_role() = 'reviewer'
              AND (caller_region() IS NULL OR region_covers(caller_region(), p.region))
              AND EXISTS (SELECT 1 FROM utility_request u
                           WHERE u.project_id = p.id
                             AND (u.snapshot -> 'worksPlanPush' -> 'departments'
                                  @> jsonb_build_array(jsonb_build_object('code', caller_department()))
                                  OR permit_applied_to_caller(u.snapshot))))
          OR p.id = caller_project()
          OR caller_sees_project(p.id))
$$;
