-- 好差评 (issue 17 part 6): the owner's rating of a department's handling of a decided task, once per task
-- (seeds/004_33317a5f04b53a73.txt:1088, :1361), and the fix-and-reply loop a bad rating opens. `state` holds the
-- rating as the domain knows it (domain/rating.ts); the columns beside it are copies for querying and locking:
-- `fix_status` ('open', 'overdue', 'replied', NULL when no loop) and `fix_due_on` are what the overdue sweep reads.
-- The gateway keeps its own copy from the events, so no grant is needed here.
CREATE TABLE "rating" (
    "id" UUID NOT NULL,
    "task_id" UUID NOT NULL,
    "application_id" UUID NOT NULL,
    "project_id" UUID NOT NULL,
    "department" TEXT NOT NULL,
    "fix_status" TEXT,
    "fix_due_on" DATE,
    "version" INTEGER NOT NULL,
    "state" JSONB NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "rating_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "rating_task_id_key" ON "rating"("task_id");
CREATE INDEX "rating_fix_status_fix_due_on_idx" ON "rating"("fix_status", "fix_due_on");
