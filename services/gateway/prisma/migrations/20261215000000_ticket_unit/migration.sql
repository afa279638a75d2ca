-- A unit's tickets (its inbox, GET /api/v1/hotline/tickets/inbox, or the desk filtered by unit) are those it handles
-- or co-handles: `department = unit OR unit = ANY (co_handlers)`, and no index of `ticket` serves the second half —
-- a unit with few tickets read the whole table for a page (20.7 ms at 60,000 tickets), and a GIN index on the array
-- was slower still under row-level security (docs/performance.md). So each unit of a ticket is a row of its own, with
-- the ticket's due day, written by the statement that keeps the ticket's snapshot (`applyTicket`); a unit's page is
-- read in this table's (unit, due_on, ticket_id) order and joined to its tickets.
CREATE TABLE "ticket_unit" (
    "ticket_id" UUID NOT NULL,
    "unit" TEXT NOT NULL,
    "due_on" DATE,

    CONSTRAINT "ticket_unit_pkey" PRIMARY KEY ("ticket_id", "unit")
);
CREATE INDEX "ticket_unit_unit_due_on_ticket_id_idx" ON "ticket_unit"("unit", "due_on", "ticket_id");

INSERT INTO ticket_unit (ticket_id, unit, due_on)
SELECT id, department, due_on FROM ticket WHERE department IS NOT NULL
UNION
SELECT t.id, u.unit, t.due_on FROM ticket t CROSS JOIN LATERAL unnest(t.co_handlers) AS u(unit);

-- The ticket's own policy decides what a caller reads of it (the page joins `ticket`); this one lets through only the
-- rows a caller's list may start from: every unit's for the centre's agents and those who see all, a reviewer's or
-- lead's own unit's. An owner lists its own tickets by `owner_credit_code`, never by unit.
ALTER TABLE "ticket_unit" ENABLE ROW LEVEL SECURITY;
CREATE POLICY caller_scope ON "ticket_unit" FOR SELECT USING (
  caller_sees_all()
  OR caller_role() = 'agent'
  OR (caller_role() IN ('reviewer', 'lead') AND unit = caller_department()));
