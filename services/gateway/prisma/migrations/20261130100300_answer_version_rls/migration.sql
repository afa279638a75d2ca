-- answer_version (20261130060000) under row-level security like every read-model table: its rows are counters of
-- change per project or department, no one's data, and the reader reads a department's before an inbox page with
-- no caller named, so the one policy lets every caller read every row; the reader still may not write.
ALTER TABLE answer_version ENABLE ROW LEVEL SECURITY;
CREATE POLICY counters ON answer_version FOR SELECT USING (true);

-- The revocation list came after the kept answers: its rows belong to a project, so its changes move the project's
-- version too, as every table with a project_id does (test/kept-answers.int.test.ts holds that).
CREATE TRIGGER "answer_version" AFTER INSERT OR UPDATE OR DELETE ON "certificate_revocation"
  FOR EACH ROW EXECUTE FUNCTION "project_part_changed"();
