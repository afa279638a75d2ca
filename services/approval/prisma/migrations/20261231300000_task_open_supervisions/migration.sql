-- 督办逾期未回复 (`scanSupervisionsOnce`, `overdueSupervisionIds`): every timer pass looks for open tasks with a 督办.
-- Few tasks have one, so a partial index over just those keeps a pass that finds nothing one index probe, where the
-- (status, look_on) index alone walked every open task and read its state (docs/legal-time.md#督办).
CREATE INDEX "task_open_supervised_idx" ON "task" ("id")
  WHERE state ? 'supervisions' AND status IN ('assigned', 'claimed', 'supplement-requested', 'special-procedure');
