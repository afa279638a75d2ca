-- A department user's authority is regional (docs/security.md "Regional authority"). Department codes name no region
-- (housing-construction is 佛山's and 汕尾's alike), so until now a reviewer or lead of a department read and acted on
-- every region's rows of it. A token may now carry the caller's region (行政区划代码); for a reviewer or a lead the
-- policies then also require a row's project to lie within it. Without the claim nothing changes.
--
-- The region reaches the session in set_caller's second argument as `department@region` (src/db/scope.ts
-- callerParams; the gateway refuses a department code with an "@"), so no statement's parameters move.

-- The one rule, as contracts' `regionCovers` (packages/contracts/src/http/region.ts; test/row-level-security.int.test.ts
-- holds the two equal): a province (xx0000) covers its cities and counties, a city (xxxx00) its counties, a county itself.
CREATE FUNCTION region_covers(scope text, region text) RETURNS boolean LANGUAGE sql IMMUTABLE AS $$
  SELECT coalesce(scope ~ '^[0-9]{6}$' AND region ~ '^[0-9]{6}$'
    AND left(region, CASE WHEN scope LIKE '%0000' THEN 2 WHEN scope LIKE '%00' THEN 4 ELSE 6 END)
      = left(scope, CASE WHEN scope LIKE '%0000' THEN 2 WHEN scope LIKE '%00' THEN 4 ELSE 6 END), false) $$;

CREATE OR REPLACE FUNCTION set_caller(role text, department text, provider text, credit_code text) RETURNS boolean
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
  regional boolean := coalesce(department ~ '^[^@]+@[0-9]{6}$', false);
BEGIN
  PERFORM set_config('onewindow.caller_role', coalesce(role, ''), true),
          set_config('onewindow.caller_department',
                     coalesce(CASE WHEN regional THEN split_part(department, '@', 1) ELSE department END, ''), true),
          set_config('onewindow.caller_region', CASE WHEN regional THEN split_part(department, '@', 2) ELSE '' END, true),
          set_config('onewindow.caller_provider', coalesce(provider, ''), true),
          set_config('onewindow.caller_credit_code', coalesce(credit_code, ''), true),
          set_config('onewindow.caller_project', '', true),
          set_config('onewindow.caller_subject', '', true);
  RETURN true;
END $$;

-- The subject form (20261225000000_window_clerk_scope): the caller as above, then its subject.
CREATE OR REPLACE FUNCTION set_caller(role text, department text, provider text, credit_code text, subject text)
RETURNS boolean LANGUAGE plpgsql VOLATILE AS $$
BEGIN
  PERFORM set_caller(role, department, provider, credit_code);
  PERFORM set_config('onewindow.caller_subject', coalesce(subject, ''), true);
  RETURN true;
END $$;

-- The checked-project form (20261201600000_rls_checked_project): the project is recorded when the caller may read it
-- by the one per-row rule, `caller_sees_project` (an owner its own; a reviewer a project its department has a task on,
-- and now within its region), rather than a copy of that rule here.
CREATE OR REPLACE FUNCTION set_caller(r text, d text, pr text, cc text, wanted uuid) RETURNS boolean
LANGUAGE plpgsql VOLATILE AS $$
BEGIN
  PERFORM set_caller(r, d, pr, cc);
  IF wanted IS NOT NULL AND caller_sees_project(wanted) THEN
    PERFORM set_config('onewindow.caller_project', wanted::text, true);
  END IF;
  RETURN true;
END $$;

CREATE FUNCTION caller_region() RETURNS text LANGUAGE sql STABLE AS
  $$ SELECT nullif(current_setting('onewindow.caller_region', true), '') $$;

-- Whether a project lies within the caller's region. SECURITY DEFINER: the project's region is a fact whatever the
-- caller may read of the project, and the project's policy asks through caller_sees_project. A project not projected
-- yet has no region to judge, so it is not within any.
CREATE FUNCTION project_in_caller_region(project uuid) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path FROM CURRENT AS $$
  SELECT EXISTS (SELECT 1 FROM project p WHERE p.id = $1 AND region_covers(caller_region(), p.region)) $$;

-- What the policies ask: true for a caller with no region (as before), so only a regional caller pays the lookup.
-- Plain SQL, inlined; the OR stops at a caller with no region.
CREATE FUNCTION caller_in_region(project uuid) RETURNS boolean LANGUAGE sql STABLE AS
  $$ SELECT caller_region() IS NULL OR project_in_caller_region($1) $$;

CREATE OR REPLACE FUNCTION caller_sees_project(project uuid) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path FROM CURRENT AS $$
  SELECT CASE caller_role()
    WHEN 'owner' THEN EXISTS (SELECT 1 FROM project p WHERE p.id = $1 AND p.owner_credit_code = caller_credit_code())
    WHEN 'reviewer' THEN EXISTS (SELECT 1 FROM task t WHERE t.project_id = $1 AND t.department = caller_department())
                         AND caller_in_region($1)
    ELSE false
  END $$;

CREATE OR REPLACE FUNCTION caller_department_has_task(project uuid) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path FROM CURRENT AS $$
  SELECT coalesce(caller_role() IN ('reviewer', 'lead'), false)
     AND EXISTS (SELECT 1 FROM task t WHERE t.project_id = $1 AND t.department = caller_department())
     AND caller_in_region($1) $$;

-- A case's parties now name its project's region too (NULL when the project is not projected): the gateway refuses a
-- regional caller a command on a case outside its region as it refuses one it takes no part in (authorise.ts).
CREATE OR REPLACE FUNCTION acceptance_case_parties(wanted uuid) RETURNS json
LANGUAGE sql STABLE SECURITY DEFINER SET search_path FROM CURRENT AS $$
  SELECT json_build_object(
    'lead', c.lead,
    'ownerCreditCode', c.snapshot -> 'owner' ->> 'creditCode',
    'items', (SELECT coalesce(json_agg(json_build_object('item', i ->> 'item', 'department', i ->> 'department')), '[]')
                FROM jsonb_array_elements(c.snapshot -> 'items') i),
    'region', (SELECT p.region FROM project p WHERE p.id = c.project_id))
    FROM acceptance_case c WHERE c.id = wanted $$;

-- The reviewer's and lead's branches (20261219000000_acceptance_project_titles, 20261230000000_pushed_works_scope)
-- within the caller's region; the others as they were.
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
                             AND u.snapshot -> 'worksPlanPush' -> 'departments'
                                 @> jsonb_build_array(jsonb_build_object('code', caller_department()))))
          OR p.id = caller_project()
          OR caller_sees_project(p.id))
$$;

-- Every policy branch that lets a reviewer or a lead in by its department alone now also asks caller_in_region. The
-- branches through caller_sees_project or caller_project (project, application, deficiency, supplement notice,
-- timeline, registration case, certificate, pending write, result delivery, shared result) have it from the function.
DROP POLICY caller_scope ON task;
CREATE POLICY caller_scope ON task FOR SELECT USING (
  caller_sees_all()
  OR (caller_role() = 'reviewer' AND department = caller_department() AND caller_in_region(project_id))
  OR (caller_role() = 'lead' AND lead = caller_department() AND caller_in_region(project_id))
  OR (caller_role() = 'owner' AND (project_id = caller_project() OR caller_sees_project(project_id))));

DROP POLICY caller_scope ON clock_alert;
CREATE POLICY caller_scope ON clock_alert FOR SELECT USING (
  caller_sees_all()
  OR (caller_role() = 'reviewer' AND department = caller_department() AND caller_in_region(project_id))
  OR (caller_role() = 'owner' AND (project_id = caller_project() OR caller_sees_project(project_id))));

DROP POLICY caller_scope ON lead_alert;
CREATE POLICY caller_scope ON lead_alert FOR SELECT USING (
  caller_sees_all() OR (caller_role() = 'lead' AND lead = caller_department() AND caller_in_region(project_id)));

DROP POLICY caller_scope ON rating;
CREATE POLICY caller_scope ON rating FOR SELECT USING (
  caller_sees_all()
  OR (caller_role() IN ('reviewer', 'lead') AND department = caller_department() AND caller_in_region(project_id))
  OR (caller_role() = 'owner' AND caller_sees_project(project_id)));

DROP POLICY caller_scope ON acceptance_case;
CREATE POLICY caller_scope ON acceptance_case FOR SELECT USING (
  caller_sees_all()
  OR project_id = caller_project()
  OR caller_sees_project(project_id)
  OR (caller_role() IN ('reviewer', 'lead')
      AND (lead = caller_department()
           OR snapshot -> 'items' @> jsonb_build_array(jsonb_build_object('department', caller_department())))
      AND caller_in_region(project_id)));

DROP POLICY caller_scope ON utility_request;
CREATE POLICY caller_scope ON utility_request FOR SELECT USING (
  caller_sees_all()
  OR (caller_role() = 'utility' AND provider = caller_provider())
  OR (caller_role() = 'owner' AND (project_id = caller_project() OR caller_sees_project(project_id)))
  OR (caller_role() = 'reviewer'
      AND snapshot -> 'worksPlanPush' -> 'departments' @> jsonb_build_array(jsonb_build_object('code', caller_department()))
      AND caller_in_region(project_id)));

-- The live stream: a project's change as before, a department's branches within its region. A ticket's change as
-- before: tickets are the hotline's, not yet regional (docs/security.md "Regional authority").
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
  ELSE
    caller_role() IN ('agent', 'supervisor', 'admin')
    OR (caller_role() IN ('reviewer', 'lead')
        AND (department = caller_department() OR caller_department() = ANY (co_handlers)))
    OR (caller_role() = 'owner' AND owner_credit_code = caller_credit_code())
    OR (caller_role() = 'clerk' AND window_clerk = caller_subject())
  END);
