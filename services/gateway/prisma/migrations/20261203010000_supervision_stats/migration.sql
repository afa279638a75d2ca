-- Supervision figures in SQL (issue 15, deliverable 1; issue 14, screen 6): GET /api/v1/supervision/stats aggregates
-- decided tasks with percentile_cont, FILTER and GROUP BY over the task rows themselves, never loading rows into Node.
-- Working days need the working-day calendar, which SQL does not have, so the projection counts them once, when it
-- applies a task snapshot that carries a decision (src/domain/decision-figures.ts, with the gateway's calendar, in the
-- batch's transaction), and keeps them here beside the decision's day, outcome and 补正 rounds.
--
-- `workdays_used_net` and `workdays_used_gross` are NULL when the task's clock could not be counted (no clock, or one
-- the calendar refuses), and `unmeasured` says why (with its code): such a task is still counted as decided and
-- reported as unmeasured, never dropped silently — and its decision is still applied, never refused for a figure.
ALTER TABLE "task"
  ADD COLUMN "step" TEXT,
  ADD COLUMN "decided_on" DATE,
  ADD COLUMN "outcome" TEXT,
  ADD COLUMN "on_commitment" BOOLEAN,
  ADD COLUMN "supplement_rounds" INTEGER,
  ADD COLUMN "workdays_used_net" INTEGER,
  ADD COLUMN "workdays_used_gross" INTEGER,
  ADD COLUMN "special_procedure_days" INTEGER,
  ADD COLUMN "overdue" BOOLEAN,
  ADD COLUMN "unmeasured" TEXT,
  ADD CONSTRAINT "task_decision_figures_check" CHECK (
    (outcome IS NULL OR outcome IN ('approved', 'rejected', 'closed', 'withdrawn'))
    AND (supplement_rounds IS NULL OR supplement_rounds >= 0)
    AND (workdays_used_net IS NULL OR (workdays_used_net >= 0 AND workdays_used_gross >= workdays_used_net))
    AND (special_procedure_days IS NULL OR (special_procedure_days >= 0
         AND special_procedure_days <= workdays_used_gross - workdays_used_net)));

-- The route's scan: decided tasks by day (the range is the leading column), with every figure it aggregates and every
-- column the task's row-level security policy reads (department, lead, project_id) in the index, so a range reads the
-- index alone (an index-only scan once the visibility map is set): on 500,000 decided tasks a month's range read the
-- heap in 12,000 random pages without `lead`, and none with it (pnpm bench:supervision). Partial: only decided
-- rows, so the open tasks the inbox churns through never touch it. schema.prisma declares the same columns (it cannot
-- say "partial").
CREATE INDEX "task_decided_on_stats_idx" ON "task"(
  "decided_on", "department", "item", "step", "outcome", "on_commitment", "supplement_rounds", "workdays_used_net",
  "workdays_used_gross", "special_procedure_days", "overdue", "project_id", "lead")
  WHERE "decided_on" IS NOT NULL;

-- Rows decided before this migration: what SQL can read from their snapshot (day, outcome, rounds, commitment, step).
-- Their working days stay NULL (unmeasured) until the read model is rebuilt from the stream (docs/operations.md).
UPDATE "task" SET "step" = snapshot ->> 'step';
UPDATE "task" SET
  "decided_on" = ((snapshot -> 'decision' ->> 'decidedAt')::timestamptz AT TIME ZONE 'Asia/Shanghai')::date,
  "outcome" = snapshot -> 'decision' ->> 'outcome',
  "on_commitment" = snapshot ? 'commitment',
  "supplement_rounds" = (snapshot ->> 'supplementRoundsUsed')::int
WHERE snapshot -> 'decision' ->> 'decidedAt' IS NOT NULL
  AND snapshot -> 'decision' ->> 'outcome' IN ('approved', 'rejected', 'closed', 'withdrawn');
