-- 逾期未整改 (`overdueRectificationIds`): approval's timer reports once each finding — a 告知承诺 breach's or a 容缺
-- material's — whose ordered 整改 was not confirmed by its `rectifyBy` (docs/legal-time.md#整改-followed-through).
-- The partial index holds the tasks with such a 整改 still owed: neither confirmed, reported overdue nor escalated —
-- the query's first condition (db/tasks.ts `OWED_RECTIFICATION`, word for word), so a pass that finds nothing is one
-- index probe and a task leaves it once each of its 整改 is settled.
CREATE INDEX "task_owed_rectification_idx" ON "task" ("id")
  WHERE (jsonb_path_exists(state, '$.commitment ? (exists(@.verification.rectifyBy) && !exists(@.rectification.doneOn) && !exists(@.rectification.overdueOn) && !exists(@.rectification.escalation))') OR jsonb_path_exists(state, '$.deficiencies[*] ? (exists(@.finding.rectifyBy) && !exists(@.rectification.doneOn) && !exists(@.rectification.overdueOn) && !exists(@.rectification.escalation))'));
