-- Every clock runs (issue 13, deliverable 5). The step's due date is stored beside its clocks (the earliest of its
-- statutory and committed due dates, kept up to date by every change and by a published calendar's re-projection).
-- The project's whole-flow cap clock (全流程行政审批时间, e.g. Foshan's 12 W, seeds/004_33317a5f04b53a73.txt:2125) is
-- approval's: one row per project with the cap pinned from the catalogue, the steps it counted and the clock they make
-- (the domain's JSON, as task.state); `running` while a step is being approved (what the scanner looks at). Its alerts
-- are kept once per (project, kind), as step_alert does for steps. The reader role gets SELECT through the owner's
-- default privileges.
ALTER TABLE "step" ADD COLUMN "due_on" DATE;

CREATE TABLE "flow_clock" (
    "project_id" UUID NOT NULL,
    "state" JSONB NOT NULL,
    "running" BOOLEAN NOT NULL,
    "due_on" DATE NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "flow_clock_pkey" PRIMARY KEY ("project_id")
);
CREATE INDEX "flow_clock_running_project_id_idx" ON "flow_clock"("running", "project_id");

CREATE TABLE "flow_alert" (
    "project_id" UUID NOT NULL,
    "kind" TEXT NOT NULL,
    "due_on" DATE NOT NULL,
    "event_id" UUID NOT NULL,
    "emitted_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "flow_alert_pkey" PRIMARY KEY ("project_id","kind")
);
