-- 督办 still owed after the decision (docs/legal-time.md#督办-of-an-approval-task): the supervisor's overdue 督办 list
-- and count read the decided tasks with a 督办 unanswered beside the open tasks. Few tasks are ever urged, and fewer
-- leave one unanswered: a partial index over just those keeps the read from walking every decided task's snapshot.
-- Its predicate is the query's first condition word for word (db/queries.ts `OWING_SUPERVISION`).
CREATE INDEX "task_owing_supervision_idx" ON "task" ("id")
  WHERE jsonb_path_exists(snapshot, '$.supervisions[*] ? (!exists(@.response))');
