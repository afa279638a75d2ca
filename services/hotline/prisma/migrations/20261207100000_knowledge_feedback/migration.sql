-- 知识点反馈 — the centre's feedback to a department on its knowledge points (docs/hotline.md#knowledge-base,
-- seeds 004:1680–1682). `state` holds the feedback whole as its events carry it; the columns are copies for lists,
-- locking and the overdue timer. Only the hotline service reads it; the gateway forwards.
-- CreateTable
CREATE TABLE "knowledge_feedback" (
    "id" UUID NOT NULL,
    "department" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "due_on" DATE NOT NULL,
    "overdue_on" DATE,
    "version" INTEGER NOT NULL,
    "state" JSONB NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "knowledge_feedback_pkey" PRIMARY KEY ("id")
);

-- A department's own list, open first.
-- CreateIndex
CREATE INDEX "knowledge_feedback_department_status_idx" ON "knowledge_feedback"("department", "status");

-- The overdue scan: open feedback by due day.
-- CreateIndex
CREATE INDEX "knowledge_feedback_status_due_on_idx" ON "knowledge_feedback"("status", "due_on");
