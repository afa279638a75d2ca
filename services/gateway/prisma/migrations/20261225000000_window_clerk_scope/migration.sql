-- The 办不成事 window clerk reads the tickets she registered and no other (docs/hotline.md "Read model"). Until now a
-- clerk read every ticket under row-level security (`caller_sees_all`, 20261205020000_hotline_tickets) and only the
-- window route kept her to her own; on the live stream she was told of no ticket. A ticket of channel `window` names
-- its clerk (`windowClerk`, her token's `sub`, set by the hotline), so the caller's subject now reaches the session
-- too, and the ticket's policy, its units', its history's (through the ticket) and its changes' keep her to her own:
-- any other ticket is, to her, a ticket that does not exist.

-- The caller's subject (token `sub`), a setting like the rest of the caller: transaction-local, '' when not named. A
-- fifth text argument names it; the other forms forget it, as they forget a checked project.
CREATE OR REPLACE FUNCTION set_caller(role text, department text, provider text, credit_code text) RETURNS boolean
LANGUAGE plpgsql VOLATILE AS $$
BEGIN
  PERFORM set_config('onewindow.caller_role', coalesce(role, ''), true),
          set_config('onewindow.caller_department', coalesce(department, ''), true),
          set_config('onewindow.caller_provider', coalesce(provider, ''), true),
          set_config('onewindow.caller_credit_code', coalesce(credit_code, ''), true),
          set_config('onewindow.caller_project', '', true),
          set_config('onewindow.caller_subject', '', true);
  RETURN true;
END $$;

CREATE FUNCTION set_caller(role text, department text, provider text, credit_code text, subject text) RETURNS boolean
LANGUAGE plpgsql VOLATILE AS $$
BEGIN
  PERFORM set_config('onewindow.caller_role', coalesce(role, ''), true),
          set_config('onewindow.caller_department', coalesce(department, ''), true),
          set_config('onewindow.caller_provider', coalesce(provider, ''), true),
          set_config('onewindow.caller_credit_code', coalesce(credit_code, ''), true),
          set_config('onewindow.caller_project', '', true),
          set_config('onewindow.caller_subject', coalesce(subject, ''), true);
  RETURN true;
END $$;

-- The checked-project form (20261201600000_rls_checked_project) as it was, forgetting a subject too.
CREATE OR REPLACE FUNCTION set_caller(r text, d text, pr text, cc text, wanted uuid) RETURNS boolean
LANGUAGE plpgsql VOLATILE AS $$
BEGIN
  PERFORM set_config('onewindow.caller_role', coalesce(r, ''), true),
          set_config('onewindow.caller_department', coalesce(d, ''), true),
          set_config('onewindow.caller_provider', coalesce(pr, ''), true),
          set_config('onewindow.caller_credit_code', coalesce(cc, ''), true),
          set_config('onewindow.caller_project', '', true),
          set_config('onewindow.caller_subject', '', true);
  IF wanted IS NOT NULL AND (
       (r = 'owner' AND cc <> '' AND EXISTS (SELECT 1 FROM project p WHERE p.id = wanted AND p.owner_credit_code = cc))
    OR (r = 'reviewer' AND d <> '' AND EXISTS (SELECT 1 FROM task t WHERE t.project_id = wanted AND t.department = d)))
  THEN
    PERFORM set_config('onewindow.caller_project', wanted::text, true);
  END IF;
  RETURN true;
END $$;

-- Plain SQL, inlined into the policies that use it.
CREATE FUNCTION caller_subject() RETURNS text LANGUAGE sql STABLE AS
  $$ SELECT nullif(current_setting('onewindow.caller_subject', true), '') $$;

-- The clerk a window ticket names, as a column of its own: her list (`ticketReads.page` with `windowClerk`) and her
-- policy below filter by it and order by (due_on, id) like every ticket list. Generated from the stored snapshot, so
-- the writer (`applyTicket`) and every row already projected have it with nothing more written. A column rather than
-- an index on `snapshot ->> 'windowClerk'`: that expression is no leakproof operator (`->>`), so under row-level
-- security PostgreSQL may not use it as an index condition ahead of the policy, and the list read every window
-- ticket of every clerk; `window_clerk = $1` is a plain text comparison it may.
ALTER TABLE "ticket" ADD COLUMN "window_clerk" TEXT
  GENERATED ALWAYS AS (CASE WHEN "channel" = 'window' THEN "snapshot" ->> 'windowClerk' END) STORED;
CREATE INDEX "ticket_window_clerk_due_on_id_idx" ON "ticket"("window_clerk", "due_on", "id")
  WHERE "window_clerk" IS NOT NULL;

DROP POLICY caller_scope ON "ticket";
CREATE POLICY caller_scope ON "ticket" FOR SELECT USING (
  caller_role() IN ('agent', 'supervisor', 'admin')
  OR (caller_role() IN ('reviewer', 'lead')
      AND (department = caller_department() OR caller_department() = ANY (co_handlers)))
  OR (caller_role() = 'owner' AND owner_credit_code = caller_credit_code())
  OR (caller_role() = 'clerk' AND window_clerk = caller_subject()));

-- A clerk's list never starts from a unit's rows (she lists by her own tickets), so none is hers.
DROP POLICY caller_scope ON "ticket_unit";
CREATE POLICY caller_scope ON "ticket_unit" FOR SELECT USING (
  caller_role() IN ('agent', 'supervisor', 'admin')
  OR (caller_role() IN ('reviewer', 'lead') AND unit = caller_department()));

-- A ticket's change names its window clerk, as it names its units and its owner: the clerk is told of her own
-- tickets' changes (her list follows the live stream), of no other ticket's. Project changes are as before
-- (20261221100000_change_providers).
ALTER TABLE "change" ADD COLUMN "window_clerk" TEXT;

DROP POLICY caller_scope ON "change";
CREATE POLICY caller_scope ON "change" FOR SELECT USING (
  CASE WHEN ticket_id IS NULL THEN
    caller_sees_all()
    OR (caller_role() = 'owner' AND owner_credit_code = caller_credit_code())
    OR (caller_role() = 'reviewer'
        AND (department = caller_department() OR (department IS NULL AND caller_sees_project(project_id))))
    OR (caller_role() = 'lead' AND lead = caller_department())
    OR (caller_role() IN ('reviewer', 'lead') AND caller_department() = ANY (parties))
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
