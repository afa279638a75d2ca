-- The rows an export still has to carry or refuse: pending in no batch, or failed. Refusal looks at them wherever they
-- lie (below the watermark too), so without this it read the whole table on every export; with it, an export reads
-- only what it may take (measured with EXPLAIN over 200,000 sent rows: an index scan for both statements).
CREATE INDEX "spgl_row_unexported" ON "spgl_row" ("seq")
  WHERE ("batch_id" IS NULL AND "upload_status" = 'pending') OR "upload_status" = 'failed';
