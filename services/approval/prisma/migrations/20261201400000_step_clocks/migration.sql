-- The step's own clocks beside its tasks' (issue 13): the law's limit of a joint step (行政许可法第四十二条、第二十六条:
-- 45 W, extendable once by 15 W) and the city's step limit, each with the step's pauses (the consolidated 补正 notice
-- while it is open), kept as the domain's JSON like task.state. Alerts they raised are kept once per (step, clock,
-- kind), as task_alert does for tasks. The reader role gets SELECT through the owner's default privileges.
ALTER TABLE "step" ADD COLUMN "clocks" JSONB NOT NULL DEFAULT '{}';

CREATE TABLE "step_alert" (
    "application_id" UUID NOT NULL,
    "clock" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "due_on" DATE NOT NULL,
    "event_id" UUID NOT NULL,
    "emitted_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "step_alert_pkey" PRIMARY KEY ("application_id","clock","kind")
);
