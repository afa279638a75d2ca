-- Two tables of this round's branches, reconciled with the read model's rules.
-- The lead's alerts belong to a project: their changes move its version, as every table with a project_id does
-- (test/kept-answers.int.test.ts holds that), so no kept answer outlives them.
CREATE TRIGGER "answer_version" AFTER INSERT OR UPDATE OR DELETE ON "lead_alert"
  FOR EACH ROW EXECUTE FUNCTION "project_part_changed"();

-- The published working-day calendars are public (the State Council's notices): under row-level security like every
-- table the reader may select from, with one policy that lets every caller read every row; the reader still may not
-- write.
ALTER TABLE calendar_entry ENABLE ROW LEVEL SECURITY;
CREATE POLICY public_calendar ON calendar_entry FOR SELECT USING (true);
