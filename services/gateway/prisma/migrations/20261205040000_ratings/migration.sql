-- 好差评 (issue 17 part 6): the read model's copy of approval's ratings, one row per rated task, kept from
-- `rating.given` / `rating.replied` / `rating.fix-overdue` in stream order (the newest version wins, as for tasks).
-- The columns beside the snapshot are what the owner's, the department's and the supervisor's reads select on:
-- the levels, the loop's state ('open', 'overdue', 'replied'; NULL when the rating opened none) and its due date.
CREATE TABLE "rating" (
    "id" UUID NOT NULL,
    "task_id" UUID NOT NULL,
    "application_id" UUID NOT NULL,
    "project_id" UUID NOT NULL,
    "department" TEXT NOT NULL,
    "item" TEXT NOT NULL,
    "first_level" TEXT NOT NULL,
    "second_level" TEXT,
    "rated_on" DATE NOT NULL,
    "fix_status" TEXT,
    "fix_due_on" DATE,
    "version" INTEGER NOT NULL,
    "snapshot" JSONB NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "rating_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "rating_task_id_key" ON "rating"("task_id");
CREATE INDEX "rating_project_id_idx" ON "rating"("project_id");
CREATE INDEX "rating_department_fix_status_idx" ON "rating"("department", "fix_status");
CREATE INDEX "rating_rated_on_idx" ON "rating"("rated_on");

-- The reader's SELECT comes from the default privileges packages/db provisionSchema set for every table the owner
-- creates. Row-level security as on the tasks (20261130050000_row_level_security): the supervisor and admin read
-- all; a reviewer or a lead its own department's ratings (the department replies); an owner its own projects'.
ALTER TABLE "rating" ENABLE ROW LEVEL SECURITY;
CREATE POLICY caller_scope ON "rating" FOR SELECT USING (
  caller_sees_all()
  OR (caller_role() IN ('reviewer', 'lead') AND department = caller_department())
  OR (caller_role() = 'owner' AND caller_sees_project(project_id)));

-- A rating belongs to a project: its changes move the project's version, as every table with a project_id does, so
-- no kept answer outlives them.
CREATE TRIGGER "answer_version" AFTER INSERT OR UPDATE OR DELETE ON "rating"
  FOR EACH ROW EXECUTE FUNCTION "project_part_changed"();
