-- DropIndex
DROP INDEX "task_department_due_on_idx";

-- CreateIndex
CREATE INDEX "task_department_due_on_id_idx" ON "task"("department", "due_on", "id");

-- CreateIndex
CREATE INDEX "task_department_status_due_on_id_idx" ON "task"("department", "status", "due_on", "id");
