-- 撤销 of a permit granted on a task (15: a reviewer's own `revoke`, or 依法撤销许可 on a 告知承诺 breach or a 容缺
-- finding, 004:1860) in the approval stage's supervision figures (20261203010000_supervision_stats), as a joint
-- acceptance's revoked pass already is (20270101100000_acceptance_revoked_figures): the permit no longer stands, so
-- the task is no longer counted as granted (`approved`) — nor as refused (`rejected`) — but as `revoked`: still
-- decided on its decision day, its working days still measured there (the department took that time to decide). The
-- projection writes `revoked` when it applies the snapshot of status `revoked` (src/domain/decision-figures.ts), and
-- the row's trigger moves its figures (20261204010000's `task_figures_changed`; `figures_apply` takes `revoked` since
-- 20270101100000): its old (`approved`) out, its new in.

-- A task row may now say `revoked`.
ALTER TABLE "task" DROP CONSTRAINT "task_decision_figures_check",
  ADD CONSTRAINT "task_decision_figures_check" CHECK (
    (outcome IS NULL OR outcome IN ('approved', 'rejected', 'closed', 'withdrawn', 'revoked'))
    AND (supplement_rounds IS NULL OR supplement_rounds >= 0)
    AND (workdays_used_net IS NULL OR (workdays_used_net >= 0 AND workdays_used_gross >= workdays_used_net))
    AND (special_procedure_days IS NULL OR (special_procedure_days >= 0
         AND special_procedure_days <= workdays_used_gross - workdays_used_net)));

-- The owner's completion forecast (20261204030000_forecast_history) reads a department's pace from its decisions: a
-- permit revoked later was decided in the days it took all the same, so it stays in the pace, as it was while it
-- counted as approved. The partial index and the function take the new outcome (their bodies otherwise unchanged).
DROP INDEX "task_forecast_history_idx";
CREATE INDEX "task_forecast_history_idx" ON "task"("item", "department", "decided_on" DESC, "id" DESC, "workdays_used_net")
  WHERE "workdays_used_net" IS NOT NULL AND "outcome" IN ('approved', 'rejected', 'revoked');

CREATE OR REPLACE FUNCTION forecast_history(wanted text[], last_n integer) RETURNS TABLE (department text, item text, days integer[])
LANGUAGE sql STABLE SECURITY DEFINER SET search_path FROM CURRENT AS $$
  WITH RECURSIVE pair(item, department) AS (
    SELECT wanted_item, (SELECT t.department FROM task t
                          WHERE t.item = wanted_item AND t.workdays_used_net IS NOT NULL
                            AND t.outcome IN ('approved', 'rejected', 'revoked')
                          ORDER BY t.department LIMIT 1)
      FROM (SELECT DISTINCT unnest(wanted)) AS w(wanted_item)
    UNION ALL
    SELECT pair.item, (SELECT t.department FROM task t
                        WHERE t.item = pair.item AND t.department > pair.department AND t.workdays_used_net IS NOT NULL
                          AND t.outcome IN ('approved', 'rejected', 'revoked')
                        ORDER BY t.department LIMIT 1)
      FROM pair WHERE pair.department IS NOT NULL)
  SELECT pair.department, pair.item, ARRAY(
      SELECT t.workdays_used_net FROM task t
       WHERE t.item = pair.item AND t.department = pair.department
         AND t.workdays_used_net IS NOT NULL AND t.outcome IN ('approved', 'rejected', 'revoked')
       ORDER BY t.decided_on DESC, t.id DESC
       LIMIT last_n)
    FROM pair WHERE pair.department IS NOT NULL $$;

-- Tasks whose permit was revoked before this migration: their row moves out of the grants (the update trigger applies
-- it), as a later snapshot of the task would.
UPDATE "task" SET outcome = 'revoked' WHERE status = 'revoked' AND outcome = 'approved';
