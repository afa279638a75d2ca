-- The live stream's changes (issue 14, `GET /api/v1/stream`, docs/architecture.md "Live updates"): one row per event
-- the read model applied, written in the batch's transaction by the ordered reader (commands.ts), so a change is
-- visible exactly when its rows are. Its id is the event's stream sequence: the read model applies batches in stream
-- order, one at a time behind its cursor row lock, so ids commit in increasing order and a client resumes after the
-- last one it got with no gap and no duplicate. No view is kept here, only what names the queries a page fetches
-- again and the scope the policy below reads. The table keeps a bounded window (the newest rows; the gateway prunes
-- it), and `change_window` says through which id rows were pruned: a client resuming from before it is told to
-- fetch everything again.
-- CreateTable
CREATE TABLE "change" (
    "id" BIGINT NOT NULL,
    "event_id" UUID NOT NULL,
    "project_id" UUID NOT NULL,
    "owner_credit_code" TEXT,
    "kind" TEXT NOT NULL,
    "event" TEXT NOT NULL,
    "task_id" UUID,
    "department" TEXT,
    "lead" TEXT,
    "provider" TEXT,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "change_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "change_window" (
    "id" INTEGER NOT NULL,
    "pruned_through" BIGINT NOT NULL,

    CONSTRAINT "change_window_pkey" PRIMARY KEY ("id")
);
INSERT INTO "change_window" ("id", "pruned_through") VALUES (1, 0);

-- Row-level security as on every read-model table (20261130050000_row_level_security): the second line behind the
-- gateway's own rule (src/domain/visibility.ts `visibleChange`). A reviewer reads its department's task and alert
-- changes anywhere and the project-wide ones of the projects it works on; never another department's.
ALTER TABLE "change" ENABLE ROW LEVEL SECURITY;
CREATE POLICY caller_scope ON "change" FOR SELECT USING (
  caller_sees_all()
  OR (caller_role() = 'owner' AND owner_credit_code = caller_credit_code())
  OR (caller_role() = 'reviewer'
      AND (department = caller_department() OR (department IS NULL AND caller_sees_project(project_id))))
  OR (caller_role() = 'lead' AND lead = caller_department())
  OR (caller_role() = 'utility' AND event = 'utility' AND provider = caller_provider())
  OR (caller_role() = 'registrar' AND event IN ('registration', 'certificate')));

-- Where the window starts is no one's data: every caller reads it (to be told `reset`); the reader still may not write.
ALTER TABLE "change_window" ENABLE ROW LEVEL SECURITY;
CREATE POLICY public_window ON "change_window" FOR SELECT USING (true);

-- The newest change's id, whoever may read it: where a stream opened without `Last-Event-ID` starts, and how a client
-- resuming from an id the database never gave (a rebuilt read model) is told `reset`. A position, no one's data;
-- SECURITY DEFINER so the answer is the table's, not the caller's visible part (which the policy would make a scan).
CREATE FUNCTION change_head() RETURNS bigint
LANGUAGE sql STABLE SECURITY DEFINER SET search_path FROM CURRENT AS $$
  SELECT coalesce(max(id), 0) FROM change $$;
