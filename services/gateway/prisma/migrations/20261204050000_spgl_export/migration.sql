-- 数据共享 — the national data-sharing export (工程建设项目审批管理系统数据共享标准, docs/spgl.md). Its own ordered
-- reader (cursor 'gateway-spgl-export' in read_model_cursor) writes one spgl_row per standard row from the events, in
-- the same transaction as its cursor: re-delivery writes nothing twice. `seq` is the stream sequence of the event that
-- wrote the row (the watermark an export starts from); `position` orders the rows one event writes.
CREATE TABLE spgl_row (
  table_name text NOT NULL CHECK (table_name LIKE 'SPGL\_%'),
  row_key text NOT NULL,
  seq bigint NOT NULL,
  position integer NOT NULL,
  project_id uuid,
  fields jsonb NOT NULL,
  upload_status text NOT NULL DEFAULT 'pending' CHECK (upload_status IN ('pending', 'sent', 'failed')),
  batch_id uuid,
  PRIMARY KEY (table_name, row_key)
);
CREATE INDEX spgl_row_watermark ON spgl_row (seq, position);
CREATE INDEX spgl_row_project ON spgl_row (project_id, table_name);

-- One export: what it contained (its rows in spgl_batch_row, its counts per table) and the watermark it reached.
CREATE TABLE spgl_export_batch (
  id uuid PRIMARY KEY,
  created_at timestamptz(3) NOT NULL,
  created_by text NOT NULL,
  since_seq bigint NOT NULL,
  through_seq bigint NOT NULL,
  format text NOT NULL CHECK (format IN ('csv', 'json')),
  row_count integer NOT NULL,
  counts jsonb NOT NULL,
  status text NOT NULL CHECK (status IN ('sent', 'failed'))
);
CREATE INDEX spgl_export_batch_created ON spgl_export_batch (created_at DESC, id DESC);

CREATE TABLE spgl_batch_row (
  batch_id uuid NOT NULL,
  table_name text NOT NULL,
  row_key text NOT NULL,
  seq bigint NOT NULL,
  position integer NOT NULL,
  PRIMARY KEY (batch_id, table_name, row_key)
);

-- Admins only (the export is the administrator's upload), like every read-model table under row-level security.
ALTER TABLE spgl_row ENABLE ROW LEVEL SECURITY;
CREATE POLICY caller_scope ON spgl_row FOR SELECT USING (coalesce(caller_role() = 'admin', false));
ALTER TABLE spgl_export_batch ENABLE ROW LEVEL SECURITY;
CREATE POLICY caller_scope ON spgl_export_batch FOR SELECT USING (coalesce(caller_role() = 'admin', false));
ALTER TABLE spgl_batch_row ENABLE ROW LEVEL SECURITY;
CREATE POLICY caller_scope ON spgl_batch_row FOR SELECT USING (coalesce(caller_role() = 'admin', false));
