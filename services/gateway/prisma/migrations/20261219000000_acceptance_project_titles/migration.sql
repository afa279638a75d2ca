-- A project's title for a department's joint acceptance cases (联合验收): the lead department (牵头部门) and every
-- department with an item in a case read the case (acceptance_case's policy) but not its project's row, so their list
-- named a case by its owner alone. `project_titles` now also answers a reviewer or a lead the projects of the cases
-- its department leads or has an item in — the three columns, nothing of the owner nor the investment — as the case's
-- own policy decides who reads the case. Otherwise as 20261216000000_project_titles made it.
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
          OR p.id = caller_project()
          OR caller_sees_project(p.id))
$$;
