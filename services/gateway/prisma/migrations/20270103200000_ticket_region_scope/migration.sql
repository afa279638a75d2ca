-- 12345 tickets are regional too (docs/security.md "Regional authority"). Department codes name no region, so until
-- now a reviewer or lead read every region's tickets of its department — their units, history and live-stream
-- changes — and a ticket carries the requester's personal data (read from the hotline, which now refuses another
-- region's ticket as well). A ticket's region is the one the hotline recorded for it at registration (`region` of the
-- snapshot, the generated column of 20261227000000_ticket_region: the region it is about, an owner's project's unless
-- it names another) and never changes. For a reviewer or lead whose token carries a region each ticket row now also
-- asks that region to cover the ticket's; a ticket with no region (one from before regions, a call that named none) is
-- within no region, as a project not yet projected is. A caller with no region is not asked (as before).

-- What the ticket branches ask: true for a caller with no region, so only a regional caller pays the comparison. The
-- rule is `region_covers` (20270102000000_caller_region, held equal to contracts' `regionCovers`). Plain SQL, inlined.
CREATE FUNCTION caller_covers(region text) RETURNS boolean LANGUAGE sql STABLE AS
  $$ SELECT caller_region() IS NULL OR region_covers(caller_region(), $1) $$;

-- The ticket (20261225000000_window_clerk_scope) with the department's branch within the caller's region; the
-- ticket's history (`ticket_entry`, read with its ticket) follows it.
DROP POLICY caller_scope ON "ticket";
CREATE POLICY caller_scope ON "ticket" FOR SELECT USING (
  caller_role() IN ('agent', 'supervisor', 'admin')
  OR (caller_role() IN ('reviewer', 'lead')
      AND (department = caller_department() OR caller_department() = ANY (co_handlers))
      AND caller_covers(region))
  OR (caller_role() = 'owner' AND owner_credit_code = caller_credit_code())
  OR (caller_role() = 'clerk' AND window_clerk = caller_subject()));

-- A unit's row of a ticket (20261225000000_window_clerk_scope) names no region: a regional caller reads it when its
-- ticket is within the region (a primary-key lookup, the ticket's own policy applying too); the unit's page joins the
-- ticket anyway, so its pages are cut in SQL and stay full.
DROP POLICY caller_scope ON "ticket_unit";
CREATE POLICY caller_scope ON "ticket_unit" FOR SELECT USING (
  caller_role() IN ('agent', 'supervisor', 'admin')
  OR (caller_role() IN ('reviewer', 'lead') AND unit = caller_department()
      AND (caller_region() IS NULL
           OR EXISTS (SELECT 1 FROM ticket t
                       WHERE t.id = "ticket_unit".ticket_id AND region_covers(caller_region(), t.region)))));

-- A ticket's change names the ticket's region, as it names its units, owner and clerk (the scope the stream reads,
-- `applyTicket`'s answer); the changes recorded before it take their ticket's, which never changes.
ALTER TABLE "change" ADD COLUMN "region" TEXT;
UPDATE "change" c SET region = t.region FROM ticket t WHERE c.ticket_id = t.id AND t.region IS NOT NULL;

-- The live stream (20270102300000_registrar_objection_changes): a ticket's change to a department within its region;
-- the rest as before.
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
    OR (caller_role() = 'registrar' AND kind IN ('objection.raised', 'objection.answered')
        AND EXISTS (SELECT 1 FROM registration_case r WHERE r.project_id = "change".project_id))
  ELSE
    caller_role() IN ('agent', 'supervisor', 'admin')
    OR (caller_role() IN ('reviewer', 'lead')
        AND (department = caller_department() OR caller_department() = ANY (co_handlers))
        AND caller_covers(region))
    OR (caller_role() = 'owner' AND owner_credit_code = caller_credit_code())
    OR (caller_role() = 'clerk' AND window_clerk = caller_subject())
  END);
