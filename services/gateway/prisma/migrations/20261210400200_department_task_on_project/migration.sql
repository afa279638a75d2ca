-- 多测合一 (issue 18): the departments approving a project read its survey commissions — a reviewer or a lead whose
-- department has a task on it. A lead's read of `task` shows the steps it leads, not its department's own tasks, so
-- the question is asked here: SECURITY DEFINER, as `caller_sees_project`, answering a yes or no about the caller's
-- own department and nothing else.
CREATE FUNCTION caller_department_has_task(project uuid) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path FROM CURRENT AS $$
  SELECT coalesce(caller_role() IN ('reviewer', 'lead'), false)
     AND EXISTS (SELECT 1 FROM task t WHERE t.project_id = $1 AND t.department = caller_department()) $$;
