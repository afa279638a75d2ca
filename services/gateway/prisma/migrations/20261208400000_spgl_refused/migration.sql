-- 数据共享: a row the standard cannot carry (a table it does not have, a field that is not a string, number or null)
-- was left pending for ever, counted as waiting for an export that would never take it. An export now refuses it:
-- `upload_status` 'refused', a terminal state no later export takes again, with the reason in `refusal`
-- (docs/spgl.md). The partial index lists the refused rows, newest first, for GET /api/v1/admin/exports.
ALTER TABLE spgl_row DROP CONSTRAINT spgl_row_upload_status_check;
ALTER TABLE spgl_row ADD CONSTRAINT spgl_row_upload_status_check
  CHECK (upload_status IN ('pending', 'sent', 'failed', 'refused'));
ALTER TABLE spgl_row ADD COLUMN refusal text;
ALTER TABLE spgl_row ADD CONSTRAINT spgl_row_refusal_check
  CHECK ((upload_status = 'refused') = (refusal IS NOT NULL) AND (refusal IS NULL OR length(refusal) <= 500));
CREATE INDEX spgl_row_refused ON spgl_row (seq DESC, position DESC) WHERE upload_status = 'refused';
