-- Row-level security at one check per statement for a statement about one project (the status). The policies of
-- 20261130050000_row_level_security decide an owner's or a reviewer's rows with `caller_sees_project(project_id)`, a
-- SECURITY DEFINER function PostgreSQL cannot inline: called once per row, about 40 rows a status, it was 0.6 of an
-- owner's 0.84 ms status statement (docs/performance.md "Row-level security").
--
-- A statement about one project now names it to `set_caller` (a fifth argument): the function asks once what
-- `caller_sees_project` asks and, only when the answer is yes, records the project as the caller's checked one
-- (`onewindow.caller_project`, transaction-local like the rest of the caller). Every policy that asked
-- `caller_sees_project(project_id)` first compares the row's project with the checked one — a column against a
-- setting, inlined — and asks the function only for a row of another project, so every other statement reads as
-- before. The checked project is only ever one the function said yes to for this caller, so no policy grants a row it
-- did not grant before. The check runs as the statement begins, after the statement's snapshot is taken: what it
-- weighs (a project's owner, the departments with a task on it) is never taken back by the read model, so a project
-- visible to the check was visible in the snapshot too.

-- The four-argument form also forgets a checked project (a statement about no one project).
CREATE OR REPLACE FUNCTION set_caller(role text, department text, provider text, credit_code text) RETURNS boolean
LANGUAGE plpgsql VOLATILE AS $$
BEGIN
  PERFORM set_config('onewindow.caller_role', coalesce(role, ''), true),
          set_config('onewindow.caller_department', coalesce(department, ''), true),
          set_config('onewindow.caller_provider', coalesce(provider, ''), true),
          set_config('onewindow.caller_credit_code', coalesce(credit_code, ''), true),
          set_config('onewindow.caller_project', '', true);
  RETURN true;
END $$;

-- The check is stated here rather than by calling `caller_sees_project`: a SQL function called from PL/pgSQL is planned
-- again on every call (about 0.2 ms), a PL/pgSQL statement once per connection. It reads as the caller, under the
-- policies, and asks what `caller_sees_project` asks: an owner reads its own projects' rows (a column comparison in
-- the project's policy), a reviewer its own department's tasks (one in the task's), so the answer is the same.
CREATE FUNCTION set_caller(r text, d text, pr text, cc text, wanted uuid) RETURNS boolean
LANGUAGE plpgsql VOLATILE AS $$
BEGIN
  PERFORM set_config('onewindow.caller_role', coalesce(r, ''), true),
          set_config('onewindow.caller_department', coalesce(d, ''), true),
          set_config('onewindow.caller_provider', coalesce(pr, ''), true),
          set_config('onewindow.caller_credit_code', coalesce(cc, ''), true),
          set_config('onewindow.caller_project', '', true);
  IF wanted IS NOT NULL AND (
       (r = 'owner' AND cc <> '' AND EXISTS (SELECT 1 FROM project p WHERE p.id = wanted AND p.owner_credit_code = cc))
    OR (r = 'reviewer' AND d <> '' AND EXISTS (SELECT 1 FROM task t WHERE t.project_id = wanted AND t.department = d)))
  THEN
    PERFORM set_config('onewindow.caller_project', wanted::text, true);
  END IF;
  RETURN true;
END $$;

-- Plain SQL, inlined into the policies: the project the caller was checked for, or NULL (no row's project equals it).
CREATE FUNCTION caller_project() RETURNS uuid LANGUAGE sql STABLE AS
  $$ SELECT nullif(current_setting('onewindow.caller_project', true), '')::uuid $$;

DROP POLICY caller_scope ON project;
CREATE POLICY caller_scope ON project FOR SELECT USING (
  caller_sees_all()
  OR (caller_role() = 'owner' AND owner_credit_code = caller_credit_code())
  OR (caller_role() = 'reviewer' AND (id = caller_project() OR caller_sees_project(id))));

DROP POLICY caller_scope ON application;
CREATE POLICY caller_scope ON application FOR SELECT USING (
  caller_sees_all() OR project_id = caller_project() OR caller_sees_project(project_id));
DROP POLICY caller_scope ON deficiency;
CREATE POLICY caller_scope ON deficiency FOR SELECT USING (
  caller_sees_all() OR project_id = caller_project() OR caller_sees_project(project_id));
DROP POLICY caller_scope ON supplement_notice;
CREATE POLICY caller_scope ON supplement_notice FOR SELECT USING (
  caller_sees_all() OR project_id = caller_project() OR caller_sees_project(project_id));
DROP POLICY caller_scope ON timeline_entry;
CREATE POLICY caller_scope ON timeline_entry FOR SELECT USING (
  caller_sees_all() OR project_id = caller_project() OR caller_sees_project(project_id));

DROP POLICY caller_scope ON task;
-- The lead's clause of 20261201500000_step_lead kept: a lead reads the tasks of the steps it leads.
CREATE POLICY caller_scope ON task FOR SELECT USING (
  caller_sees_all()
  OR (caller_role() = 'reviewer' AND department = caller_department())
  OR (caller_role() = 'lead' AND lead = caller_department())
  OR (caller_role() = 'owner' AND (project_id = caller_project() OR caller_sees_project(project_id))));
DROP POLICY caller_scope ON clock_alert;
CREATE POLICY caller_scope ON clock_alert FOR SELECT USING (
  caller_sees_all()
  OR (caller_role() = 'reviewer' AND department = caller_department())
  OR (caller_role() = 'owner' AND (project_id = caller_project() OR caller_sees_project(project_id))));

DROP POLICY caller_scope ON acceptance_case;
CREATE POLICY caller_scope ON acceptance_case FOR SELECT USING (
  caller_sees_all()
  OR project_id = caller_project()
  OR caller_sees_project(project_id)
  OR (caller_role() IN ('reviewer', 'lead')
      AND (lead = caller_department()
           OR snapshot -> 'items' @> jsonb_build_array(jsonb_build_object('department', caller_department())))));

DROP POLICY caller_scope ON utility_request;
CREATE POLICY caller_scope ON utility_request FOR SELECT USING (
  caller_sees_all()
  OR (caller_role() = 'utility' AND provider = caller_provider())
  OR (caller_role() = 'owner' AND (project_id = caller_project() OR caller_sees_project(project_id))));

DROP POLICY caller_scope ON registration_case;
CREATE POLICY caller_scope ON registration_case FOR SELECT USING (
  caller_sees_all() OR caller_role() = 'registrar' OR project_id = caller_project()
  OR caller_sees_project(project_id));

DROP POLICY caller_scope ON certificate;
CREATE POLICY caller_scope ON certificate FOR SELECT USING (
  caller_sees_all()
  OR caller_role() = 'registrar'
  OR (caller_role() = 'owner' AND owner_credit_code = caller_credit_code())
  OR (caller_role() = 'reviewer' AND (project_id = caller_project() OR caller_sees_project(project_id))));

DROP POLICY caller_scope ON pending_write;
CREATE POLICY caller_scope ON pending_write FOR SELECT USING (
  caller_sees_all()
  OR (caller_role() = 'owner' AND owner_credit_code = caller_credit_code())
  OR (caller_role() = 'reviewer' AND (project_id = caller_project() OR caller_sees_project(project_id))));
