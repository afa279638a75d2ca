-- The day the clock scan looks at a step's or a project's whole-flow clock again (issue 11, fifth pass): the step and
-- whole-flow scans evaluated every running clock on every pass (approval's idle CPU 12 → 41–72 ms a second after
-- issue 13's clocks). The scan stores here, for each clock it evaluates, the earliest day an alert not yet emitted may
-- fall due (domain/next-look.ts), and reads only the rows whose day has come; every change of the clocks and every
-- published calendar sets it back to the default, the epoch: "look on the next pass". Existing rows get the default,
-- so the first pass after this migration looks at every one.
ALTER TABLE "step" ADD COLUMN "look_on" DATE NOT NULL DEFAULT DATE '1970-01-01';
ALTER TABLE "flow_clock" ADD COLUMN "look_on" DATE NOT NULL DEFAULT DATE '1970-01-01';

-- The scans' candidates: the undecided steps, the running flows, whose day has come (a decided step or a stopped flow
-- is outside the range scanned, whatever its day). A step without a clock is never due: its day is 9999-12-31.
CREATE INDEX "step_decided_at_look_on_idx" ON "step"("decided_at", "look_on");
CREATE INDEX "flow_clock_running_look_on_idx" ON "flow_clock"("running", "look_on");
UPDATE "step" SET "look_on" = DATE '9999-12-31' WHERE "clocks" = '{}'::jsonb;
