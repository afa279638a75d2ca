-- The ticket desk's region filter (`GET /hotline/tickets?region=`, `GET /supervision/tickets?region=`): a ticket about
-- the region or a region under it (docs/hotline.md "Read model"). Until now the list compared the region, its city and
-- its province computed from `snapshot ->> 'region'` on every row: no index held them, and one on the expression would
-- not be used under row-level security (`->>` is no leakproof operator, 20261225000000_window_clerk_scope). So each
-- level is a column of its own, generated from the stored snapshot (the writer, `applyTicket`, and every row already
-- projected have them with nothing more written), and the read picks the one column the asked region's level names —
-- a province (`450000`) its province's, a city (`450700`) its city's, a county or district its own — in a plain text
-- comparison PostgreSQL may use as an index condition. The expressions are the ones the list compared, so a filter
-- answers exactly the tickets it answered before.
ALTER TABLE "ticket"
  ADD COLUMN "region" TEXT GENERATED ALWAYS AS ("snapshot" ->> 'region') STORED,
  ADD COLUMN "region_city" TEXT GENERATED ALWAYS AS (left("snapshot" ->> 'region', 4) || '00') STORED,
  ADD COLUMN "region_province" TEXT GENERATED ALWAYS AS (left("snapshot" ->> 'region', 2) || '0000') STORED;

-- In the list's order (due day, id), as the desk's other indexes; tickets from before regions (no region) in none.
CREATE INDEX "ticket_region_due_on_id_idx" ON "ticket"("region", "due_on", "id") WHERE "region" IS NOT NULL;
CREATE INDEX "ticket_region_city_due_on_id_idx" ON "ticket"("region_city", "due_on", "id")
  WHERE "region_city" IS NOT NULL;
CREATE INDEX "ticket_region_province_due_on_id_idx" ON "ticket"("region_province", "due_on", "id")
  WHERE "region_province" IS NOT NULL;
