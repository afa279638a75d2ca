-- 联合审图 (issue 18): the review's clock counts on the project's regional calendar, and approval learns a project's
-- region only from its accepted applications (kept on its tasks' clocks). Submitting a drawing set reads it by project.
CREATE INDEX "task_project_id_idx" ON "task"("project_id");
