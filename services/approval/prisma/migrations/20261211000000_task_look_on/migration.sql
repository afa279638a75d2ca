-- The day the clock scan looks at a task's clocks again, as it is for steps and whole-flow clocks
-- (20261203020000_clock_look_on): the task scan walked every open task's id and version on every pass and kept, in
-- each process's memory, which of them it had found with nothing due that day. It now stores here, for each task it
-- evaluates, the earliest day an alert not yet emitted may fall due (domain/alerts.ts `taskLookOn`), and reads only
-- the open tasks whose day has come; every change of a task and every published calendar sets it back to the default,
-- the epoch: "look on the next pass". Existing rows get the default, so the first pass after this migration looks at
-- every open task.
ALTER TABLE "task" ADD COLUMN "look_on" DATE NOT NULL DEFAULT DATE '1970-01-01';

-- The scan's candidates: the open tasks whose day has come.
CREATE INDEX "task_status_look_on_idx" ON "task"("status", "look_on");
