-- 结果送达 (docs/api.md#deliveries): `done` — nothing left for the window: delivered online, collected or signed for —
-- follows from `state` alone, yet the projector wrote both, so a writer could leave them disagreeing and the clerk's
-- list would show a delivery under the wrong tab. It is now generated from `state`: no writer sets it, and every row
-- already projected gets it from its own state. Still a column, not a comparison on `state` in the read: the clerk's
-- list filters and keyset-pages on it through its index (done, due_at, application_id). The states are
-- DELIVERY_DONE_STATES of @onewindow/contracts; `deliveries.int.test.ts` checks every state against that list.
-- PostgreSQL 15 cannot turn a column into a generated one: it is dropped, its index with it, and added again.
ALTER TABLE "result_delivery"
  DROP COLUMN "done",
  ADD COLUMN "done" BOOLEAN NOT NULL
    GENERATED ALWAYS AS ("state" IN ('delivered-online', 'collected', 'signed')) STORED;
CREATE INDEX "result_delivery_done_due_at_application_id_idx" ON "result_delivery" ("done", "due_at", "application_id");
