-- 督办逾期未回复 (`overdueSupervisionIds`): a decision does not answer a 督办, so its reply stays owed and the timer
-- reports it overdue whatever the task's state (docs/legal-time.md#督办-of-an-approval-task). The partial index over the
-- open tasks with a 督办 no longer matched the query. This one holds the tasks, open or decided, with a 督办 neither
-- answered nor yet reported: the query's own first condition (db/tasks.ts `OWED_SUPERVISION`, word for word), so a
-- task leaves it once each of its 督办 is answered or reported, and a pass that finds nothing is one index probe.
DROP INDEX IF EXISTS "task_open_supervised_idx";
CREATE INDEX "task_owed_supervision_idx" ON "task" ("id")
  WHERE jsonb_path_exists(state, '$.supervisions[*] ? (!exists(@.response) && !exists(@.overdueOn))');
