-- Row-level security on the read model (DESIGN §8: row scope enforced twice). The gateway's routes already keep each
-- caller to its rows (src/domain/authorise.ts, visibility.ts); these policies are the second line, in PostgreSQL, for
-- the role the gateway queries as: its reader, which owns nothing and does not bypass RLS (packages/db
-- provisionSchema). The owner (this migration's role, also the read model's writer) is exempt as the tables' owner:
-- the ordered reader applies every project's events, so a policy for it would be `USING (true)` anyway.
--
-- Each request names its caller in its own transaction with `set_caller(role, department, provider, credit code)`:
-- transaction-local settings (`set_config(…, true)`), gone at commit, so a pooled connection carries nothing over.
-- A caller that named nothing sees nothing.

CREATE FUNCTION set_caller(role text, department text, provider text, credit_code text) RETURNS boolean
LANGUAGE plpgsql VOLATILE AS $$
BEGIN
  PERFORM set_config('onewindow.caller_role', coalesce(role, ''), true),
          set_config('onewindow.caller_department', coalesce(department, ''), true),
          set_config('onewindow.caller_provider', coalesce(provider, ''), true),
          set_config('onewindow.caller_credit_code', coalesce(credit_code, ''), true);
  RETURN true;
END $$;

-- Plain SQL, so each is inlined into the policies that use it; '' (a setting of an earlier transaction, reset) is none.
CREATE FUNCTION caller_role() RETURNS text LANGUAGE sql STABLE AS
  $$ SELECT nullif(current_setting('onewindow.caller_role', true), '') $$;
CREATE FUNCTION caller_department() RETURNS text LANGUAGE sql STABLE AS
  $$ SELECT nullif(current_setting('onewindow.caller_department', true), '') $$;
CREATE FUNCTION caller_provider() RETURNS text LANGUAGE sql STABLE AS
  $$ SELECT nullif(current_setting('onewindow.caller_provider', true), '') $$;
CREATE FUNCTION caller_credit_code() RETURNS text LANGUAGE sql STABLE AS
  $$ SELECT nullif(current_setting('onewindow.caller_credit_code', true), '') $$;
-- Clerks, supervisors and admins read every project (docs/api.md, "What each role sees of a project").
CREATE FUNCTION caller_sees_all() RETURNS boolean LANGUAGE sql STABLE AS
  $$ SELECT coalesce(caller_role() IN ('clerk', 'supervisor', 'admin'), false) $$;

-- Whether the caller may read a project's rows: its owner's (统一社会信用代码), or a reviewer's whose department has
-- a task on it. SECURITY DEFINER, run as the owner: the project's and the tasks' policies would otherwise refer to
-- each other (PostgreSQL refuses that as infinite recursion), and the answer must come from the facts, whatever the
-- caller may read of them. It answers a yes or no about the caller's own scope and nothing else.
CREATE FUNCTION caller_sees_project(project uuid) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path FROM CURRENT AS $$
  SELECT CASE caller_role()
    WHEN 'owner' THEN EXISTS (SELECT 1 FROM project p WHERE p.id = $1 AND p.owner_credit_code = caller_credit_code())
    WHEN 'reviewer' THEN EXISTS (SELECT 1 FROM task t WHERE t.project_id = $1 AND t.department = caller_department())
    ELSE false
  END $$;

-- Who takes part in a joint acceptance case (its lead, its items' departments, its owner): what the gateway needs to
-- refuse a command on a case the caller cannot see, as it refuses an unknown one, rather than taking "not visible"
-- for "not projected yet" and forwarding it (routes/completion.ts). It shows the gateway the parties, never the caller:
-- the answer is a 404 either way. SECURITY DEFINER for the reason above.
CREATE FUNCTION acceptance_case_parties(wanted uuid) RETURNS json
LANGUAGE sql STABLE SECURITY DEFINER SET search_path FROM CURRENT AS $$
  SELECT json_build_object(
    'lead', c.lead,
    'ownerCreditCode', c.snapshot -> 'owner' ->> 'creditCode',
    'items', (SELECT coalesce(json_agg(json_build_object('item', i ->> 'item', 'department', i ->> 'department')), '[]')
                FROM jsonb_array_elements(c.snapshot -> 'items') i))
    FROM acceptance_case c WHERE c.id = wanted $$;

ALTER TABLE project ENABLE ROW LEVEL SECURITY;
CREATE POLICY caller_scope ON project FOR SELECT USING (
  caller_sees_all()
  OR (caller_role() = 'owner' AND owner_credit_code = caller_credit_code())
  OR (caller_role() = 'reviewer' AND caller_sees_project(id)));

-- What hangs off a project is read with it (a reviewer reads the applications, 容缺 materials, notices and timeline
-- of a project it works on; the gateway's views then keep its own department's part: visibility.ts).
ALTER TABLE application ENABLE ROW LEVEL SECURITY;
CREATE POLICY caller_scope ON application FOR SELECT USING (caller_sees_all() OR caller_sees_project(project_id));
ALTER TABLE deficiency ENABLE ROW LEVEL SECURITY;
CREATE POLICY caller_scope ON deficiency FOR SELECT USING (caller_sees_all() OR caller_sees_project(project_id));
ALTER TABLE supplement_notice ENABLE ROW LEVEL SECURITY;
CREATE POLICY caller_scope ON supplement_notice FOR SELECT USING (caller_sees_all() OR caller_sees_project(project_id));
ALTER TABLE timeline_entry ENABLE ROW LEVEL SECURITY;
CREATE POLICY caller_scope ON timeline_entry FOR SELECT USING (caller_sees_all() OR caller_sees_project(project_id));

-- Tasks and their clock alerts: a reviewer its own department's only, wherever they are (the inbox).
ALTER TABLE task ENABLE ROW LEVEL SECURITY;
CREATE POLICY caller_scope ON task FOR SELECT USING (
  caller_sees_all()
  OR (caller_role() = 'reviewer' AND department = caller_department())
  OR (caller_role() = 'owner' AND caller_sees_project(project_id)));
ALTER TABLE clock_alert ENABLE ROW LEVEL SECURITY;
CREATE POLICY caller_scope ON clock_alert FOR SELECT USING (
  caller_sees_all()
  OR (caller_role() = 'reviewer' AND department = caller_department())
  OR (caller_role() = 'owner' AND caller_sees_project(project_id)));

-- Joint acceptance: also every case a department leads or has an item in (a lead's or reviewer's commitments), and
-- for a reviewer the cases of its projects (the whole-flow clock counts the main case's span).
ALTER TABLE acceptance_case ENABLE ROW LEVEL SECURITY;
CREATE POLICY caller_scope ON acceptance_case FOR SELECT USING (
  caller_sees_all()
  OR caller_sees_project(project_id)
  OR (caller_role() IN ('reviewer', 'lead')
      AND (lead = caller_department()
           OR snapshot -> 'items' @> jsonb_build_array(jsonb_build_object('department', caller_department())))));

-- Utility requests: a provider its own; the owner of the project. Reviewers see none (visibility.ts).
ALTER TABLE utility_request ENABLE ROW LEVEL SECURITY;
CREATE POLICY caller_scope ON utility_request FOR SELECT USING (
  caller_sees_all()
  OR (caller_role() = 'utility' AND provider = caller_provider())
  OR (caller_role() = 'owner' AND caller_sees_project(project_id)));

-- Registration cases: every registrar; the owner; a reviewer of the project (the whole-flow clock counts its span).
ALTER TABLE registration_case ENABLE ROW LEVEL SECURITY;
CREATE POLICY caller_scope ON registration_case FOR SELECT USING (
  caller_sees_all() OR caller_role() = 'registrar' OR caller_sees_project(project_id));

-- Certificates: every registrar; the owner named on it; a reviewer of the project (its permits are shown to it).
ALTER TABLE certificate ENABLE ROW LEVEL SECURITY;
CREATE POLICY caller_scope ON certificate FOR SELECT USING (
  caller_sees_all()
  OR caller_role() = 'registrar'
  OR (caller_role() = 'owner' AND owner_credit_code = caller_credit_code())
  OR (caller_role() = 'reviewer' AND caller_sees_project(project_id)));

-- What the gateway promised after a 201: the owner it names; a reviewer of the project.
ALTER TABLE pending_write ENABLE ROW LEVEL SECURITY;
CREATE POLICY caller_scope ON pending_write FOR SELECT USING (
  caller_sees_all()
  OR (caller_role() = 'owner' AND owner_credit_code = caller_credit_code())
  OR (caller_role() = 'reviewer' AND caller_sees_project(project_id)));

-- The messaging tables and the reader's cursor are the owner's alone: row-level security with no policy shows the
-- reader nothing (dead letters and the outbox carry whole events).
ALTER TABLE outbox_message ENABLE ROW LEVEL SECURITY;
ALTER TABLE inbox_message ENABLE ROW LEVEL SECURITY;
ALTER TABLE dead_letter ENABLE ROW LEVEL SECURITY;
ALTER TABLE read_model_cursor ENABLE ROW LEVEL SECURITY;
