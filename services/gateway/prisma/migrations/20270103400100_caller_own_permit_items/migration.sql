-- 证照异议 (004:1134): the permits a lead's own department issued are its own to correct, not to dispute (registration
-- refuses: REGISTRATION_OBJECTION_OWN_CERTIFICATE), so its permit list (`GET /projects/:id/certificates`) names the
-- items of its department's tasks on the project and the console offers 提出异议 on the others only, as a reviewer's
-- task page does from the tasks it reads. A lead's read of `task` shows the steps it leads, not its department's tasks,
-- so the items are asked here, SECURITY DEFINER as `caller_uses_permits`: its own department's items and nothing
-- else, within the token's region (20270102000000_caller_region). Any role but a lead or a reviewer: none.
CREATE FUNCTION caller_own_items(project uuid) RETURNS text[]
LANGUAGE sql STABLE SECURITY DEFINER SET search_path FROM CURRENT AS $$
  SELECT coalesce(array_agg(DISTINCT t.item ORDER BY t.item), ARRAY[]::text[])
    FROM task t
   WHERE t.project_id = $1 AND t.department = caller_department()
     AND caller_role() IN ('lead', 'reviewer') AND caller_in_region($1) $$;
