-- A regional reviewer's inbox (20270102000000_caller_region) holds a task only while its project lies within the
-- reviewer's region, so the project row decides an inbox page too, not only the task rows whose trigger
-- (20261130060000_answer_version `task_answer_changed`) moves `inbox:<department>`. Without this a kept page would be
-- sent again unchanged: a task projected before its project stays out of its region's page until another task of the
-- department changes, and a project whose region changes stays on the old region's page. So a project set (projected,
-- perhaps after its tasks) or moved to another region moves the inbox version of every department with a task on it,
-- each version from the one sequence as every scope's. A region unchanged costs the WHEN test only.
CREATE FUNCTION "project_inboxes_changed"() RETURNS TRIGGER
    LANGUAGE plpgsql
AS $$
BEGIN
  INSERT INTO answer_version (scope, version)
  SELECT 'inbox:' || d.department, nextval('answer_version_seq')
  FROM (SELECT DISTINCT department FROM task WHERE project_id = NEW.id) d
  ON CONFLICT (scope) DO UPDATE SET version = EXCLUDED.version;
  RETURN NULL;
END
$$;

CREATE TRIGGER "answer_version_inboxes_insert" AFTER INSERT ON "project"
    FOR EACH ROW EXECUTE FUNCTION project_inboxes_changed();
CREATE TRIGGER "answer_version_inboxes_region" AFTER UPDATE OF "region" ON "project"
    FOR EACH ROW WHEN (OLD.region IS DISTINCT FROM NEW.region) EXECUTE FUNCTION project_inboxes_changed();
