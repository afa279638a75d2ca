-- 结果送达 (docs/api.md#deliveries): each decided application's delivery as intake published it, whole (the newest
-- `version` kept). Its own table, not part of the project's status: the clerk's list of deliveries still to do
-- (`GET /api/v1/deliveries`) and a project's deliveries (`GET /api/v1/projects/:id/deliveries`) read it.
CREATE TABLE "result_delivery" (
    "application_id" UUID NOT NULL,
    "project_id" UUID NOT NULL,
    "state" TEXT NOT NULL,
    -- Nothing left for the window: delivered online, collected, or signed for.
    "done" BOOLEAN NOT NULL,
    "due_at" TIMESTAMPTZ(3) NOT NULL,
    "version" INTEGER NOT NULL,
    "snapshot" JSONB NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "result_delivery_pkey" PRIMARY KEY ("application_id")
);

-- The clerk's list, oldest due first, keyset-paged on (due_at, application_id) within awaiting or done.
CREATE INDEX "result_delivery_done_due_at_application_id_idx" ON "result_delivery" ("done", "due_at", "application_id");
CREATE INDEX "result_delivery_project_id_idx" ON "result_delivery" ("project_id");

-- As shared results: the clerk, supervisor and admin read all, the project's owner its own (and a department with a
-- task on the project, which the routes do not let read it).
ALTER TABLE "result_delivery" ENABLE ROW LEVEL SECURITY;
CREATE POLICY caller_scope ON "result_delivery" FOR SELECT USING (
  caller_sees_all() OR project_id = caller_project() OR caller_sees_project(project_id));

-- Not read by the status, but shown beside it on the owner's page: a change moves the project's answer version as
-- every project table's does (its timeline entry, written with it, moves it anyway), so no kept answer is older.
CREATE TRIGGER "answer_version" AFTER INSERT OR UPDATE OR DELETE ON "result_delivery"
  FOR EACH ROW EXECUTE FUNCTION "project_part_changed"();
