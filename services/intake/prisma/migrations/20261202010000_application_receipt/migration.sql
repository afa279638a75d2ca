-- 接件 apart from 受理 (行政许可法第三十二条, docs/legal-time.md#art-32-receipt-and-acceptance): an application may be
-- received (national code 1) and accepted later, by the clerk or by law five working days after its receipt day, or
-- withdrawn (2) or refused (4 不受理, 5 不予受理) before that. Rows received and accepted at once keep their acceptance
-- as their receipt. `pending_acceptance` holds the ApplicationAcceptedV1 body built at receipt, published on acceptance;
-- `receipt` the receipt as last published (ApplicationReceipt). Status gains `withdrawn` and `refused`.
ALTER TABLE "application" ADD COLUMN "received_at" TIMESTAMPTZ(3);
ALTER TABLE "application" ADD COLUMN "received_on" DATE;
ALTER TABLE "application" ADD COLUMN "received_by" TEXT;
UPDATE "application" SET "received_at" = "accepted_at", "received_on" = "accepted_on", "received_by" = "accepted_by";
ALTER TABLE "application" ALTER COLUMN "received_at" SET NOT NULL;
ALTER TABLE "application" ALTER COLUMN "received_on" SET NOT NULL;
ALTER TABLE "application" ALTER COLUMN "received_by" SET NOT NULL;
ALTER TABLE "application" ALTER COLUMN "accepted_at" DROP NOT NULL;
ALTER TABLE "application" ALTER COLUMN "accepted_on" DROP NOT NULL;
ALTER TABLE "application" ALTER COLUMN "accepted_by" DROP NOT NULL;
ALTER TABLE "application" ADD COLUMN "receipt" JSONB;
ALTER TABLE "application" ADD COLUMN "pending_acceptance" JSONB;

-- The deemed-acceptance sweep's candidates: open receipts by receipt day.
CREATE INDEX "application_status_received_on_idx" ON "application"("status", "received_on");
