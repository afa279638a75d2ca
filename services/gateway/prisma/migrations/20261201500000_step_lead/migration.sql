-- 牵头部门 of a parallel step (issue 13, deliverable 7): the lead department sees every task of its step and gets one
-- alert per task when a department's clock turns yellow. The task row carries the step's lead, copied from its
-- snapshot, for the lead's list and its row-level security; the lead's alerts are a table of their own, once per event.

ALTER TABLE "task" ADD COLUMN "lead" TEXT;
CREATE INDEX "task_lead_due_on_id_idx" ON "task"("lead", "due_on", "id");

CREATE TABLE "lead_alert" (
    "event_id" UUID NOT NULL,
    "task_id" UUID NOT NULL,
    "project_id" UUID NOT NULL,
    "application_id" UUID NOT NULL,
    "lead" TEXT NOT NULL,
    "clock" TEXT NOT NULL,
    "department" TEXT NOT NULL,
    "item" TEXT NOT NULL,
    "due_on" DATE NOT NULL,
    "detected_on" DATE NOT NULL,
    "detected_at" TIMESTAMPTZ(3) NOT NULL,
    "used" DOUBLE PRECISION NOT NULL,
    "limit_value" DOUBLE PRECISION NOT NULL,

    CONSTRAINT "lead_alert_pkey" PRIMARY KEY ("event_id")
);
CREATE INDEX "lead_alert_lead_detected_at_idx" ON "lead_alert"("lead", "detected_at");

-- The reader's SELECT on the new table comes from the default privileges packages/db provisionSchema set for every
-- table the owner creates. Row-level security as on every read-model table (20261130050000_row_level_security): a lead
-- reads the tasks of the steps it leads, besides what the other roles read; a reviewer still reads its own
-- department's only, so another department never sees the step's other tasks.
DROP POLICY caller_scope ON task;
CREATE POLICY caller_scope ON task FOR SELECT USING (
  caller_sees_all()
  OR (caller_role() = 'reviewer' AND department = caller_department())
  OR (caller_role() = 'lead' AND lead = caller_department())
  OR (caller_role() = 'owner' AND caller_sees_project(project_id)));

ALTER TABLE lead_alert ENABLE ROW LEVEL SECURITY;
CREATE POLICY caller_scope ON lead_alert FOR SELECT USING (
  caller_sees_all() OR (caller_role() = 'lead' AND lead = caller_department()));
