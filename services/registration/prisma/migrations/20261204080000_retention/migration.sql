-- Retention (docs/messaging.md#retention) deletes the oldest inbox rows first, a batch at a time: without this index
-- every batch would scan the whole inbox. Sent outbox rows are found by outbox_message_sent_at_position_idx.
-- CreateIndex
CREATE INDEX "inbox_message_received_at_idx" ON "inbox_message"("received_at");
