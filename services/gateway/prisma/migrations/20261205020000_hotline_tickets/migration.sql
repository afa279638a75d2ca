-- 12345 热线工单 — the hotline's tickets in the read model (issue 17, docs/hotline.md "Read model"). Each hotline event
-- carries the ticket whole with a version; the newest version wins, as for tasks, so a replayed dead letter or a late
-- older snapshot changes nothing. The columns are what the lists filter and order by; the snapshot is what is shown.
-- `due_on` is the due day of the act the ticket waits for (dispatch, the unit's check, handling), NULL once nothing
-- is due (replied, rating, closed): the department's ticket inbox is ordered by it, soonest first.
CREATE TABLE "ticket" (
    "id" UUID NOT NULL,
    "type" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "channel" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "department" TEXT,
    "co_handlers" TEXT[] NOT NULL DEFAULT ARRAY[]::TEXT[],
    "owner_credit_code" TEXT,
    "project_id" UUID,
    "application_id" UUID,
    "task_id" UUID,
    "due_on" DATE,
    "handling_due_on" DATE,
    "registered_at" TIMESTAMPTZ(3) NOT NULL,
    "version" INTEGER NOT NULL,
    "snapshot" JSONB NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "ticket_pkey" PRIMARY KEY ("id")
);
-- The agent's list (newest registered first, keyset on id), the department's inbox (soonest due first), the owner's
-- own, a project's tickets beside its tasks.
CREATE INDEX "ticket_registered_at_id_idx" ON "ticket"("registered_at", "id");
CREATE INDEX "ticket_department_due_on_id_idx" ON "ticket"("department", "due_on", "id");
CREATE INDEX "ticket_owner_credit_code_registered_at_idx" ON "ticket"("owner_credit_code", "registered_at");
CREATE INDEX "ticket_project_id_idx" ON "ticket"("project_id");

-- A ticket's history: one entry per event, once (the event id is the key), as the project timeline keeps its own.
CREATE TABLE "ticket_entry" (
    "event_id" UUID NOT NULL,
    "ticket_id" UUID NOT NULL,
    "occurred_at" TIMESTAMPTZ(3) NOT NULL,
    "type" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "summary" TEXT NOT NULL,
    "actor" TEXT,
    "department" TEXT,

    CONSTRAINT "ticket_entry_pkey" PRIMARY KEY ("event_id")
);
CREATE INDEX "ticket_entry_ticket_id_occurred_at_idx" ON "ticket_entry"("ticket_id", "occurred_at");

-- The reader's SELECT comes from the default privileges packages/db provisionSchema set for every table the owner
-- creates. Row-level security as on every read-model table (20261130050000_row_level_security): the hotline centre's
-- agents and the supervisors (with clerks and admins, caller_sees_all) read every ticket; a reviewer or lead its own
-- department's, as handling unit or co-handler; an owner the tickets its organisation filed, and no other ticket about
-- its projects (a third party's complaint or 举报 about an owner's project is not the owner's to read). An entry is read
-- with its ticket.
ALTER TABLE "ticket" ENABLE ROW LEVEL SECURITY;
CREATE POLICY caller_scope ON "ticket" FOR SELECT USING (
  caller_sees_all()
  OR caller_role() = 'agent'
  OR (caller_role() IN ('reviewer', 'lead')
      AND (department = caller_department() OR caller_department() = ANY (co_handlers)))
  OR (caller_role() = 'owner' AND owner_credit_code = caller_credit_code()));
ALTER TABLE "ticket_entry" ENABLE ROW LEVEL SECURITY;
CREATE POLICY caller_scope ON "ticket_entry" FOR SELECT USING (
  EXISTS (SELECT 1 FROM ticket t WHERE t.id = ticket_id));
