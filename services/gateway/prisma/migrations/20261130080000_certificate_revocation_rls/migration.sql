-- The revocation list under row-level security like every read-model table (20261130050000_row_level_security).
-- Its rows are public by design: anyone shown a certificate may learn that it was revoked, when and why
-- (GET /api/v1/certificates/revocations needs no token), so the one policy lets every caller read every row, and the
-- reader still may not write.
ALTER TABLE certificate_revocation ENABLE ROW LEVEL SECURITY;
CREATE POLICY public_list ON certificate_revocation FOR SELECT USING (true);
