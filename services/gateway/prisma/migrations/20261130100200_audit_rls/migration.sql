-- The audit tables under row-level security like every read-model table (20261130050000_row_level_security).
-- audit_copy (every service's entries, from their anchors) answers GET /api/v1/admin/audit: supervisors and admins
-- only. The gateway's own chain (audit_entry, audit_head, audit_anchor) is written by the owner and read by
-- `onewindow audit verify` as the owner: no policy, so the reader sees none of it.
ALTER TABLE audit_copy ENABLE ROW LEVEL SECURITY;
CREATE POLICY caller_scope ON audit_copy FOR SELECT USING (coalesce(caller_role() IN ('supervisor', 'admin'), false));
ALTER TABLE audit_entry ENABLE ROW LEVEL SECURITY;
ALTER TABLE audit_head ENABLE ROW LEVEL SECURITY;
ALTER TABLE audit_anchor ENABLE ROW LEVEL SECURITY;
