-- 数据质量 (seeds/002_1df199ac40b74a39.txt:140, 003:131; 001:134): how soon each row of the national data-sharing
-- export was shared after the event that produced it (docs/spgl.md, "Sharing on time"). `event_at` is that event's
-- time as its outbox stamped it (the `ce-time` header: when the state change committed), written with the row; a row
-- written before this migration has none and is left out of the figures rather than guessed. The export's instant is
-- its batch's `created_at`.
ALTER TABLE spgl_row ADD COLUMN event_at timestamptz(3);
-- The figures read a period's rows by their event's time.
CREATE INDEX spgl_row_event_at ON spgl_row (event_at) WHERE event_at IS NOT NULL;

-- The supervisor's 监督看板 shows those figures (GET /api/v1/supervision/data-quality): the supervisor reads every
-- project already (caller_sees_all), and these rows are those projects' data; exporting stays the admin's.
DROP POLICY caller_scope ON spgl_row;
CREATE POLICY caller_scope ON spgl_row FOR SELECT USING (coalesce(caller_role() IN ('supervisor', 'admin'), false));
DROP POLICY caller_scope ON spgl_export_batch;
CREATE POLICY caller_scope ON spgl_export_batch
  FOR SELECT USING (coalesce(caller_role() IN ('supervisor', 'admin'), false));
