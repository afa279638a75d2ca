-- A batch of the ordered reader moves its cursor in the statement that locks it: the cursor is set to the batch's
-- last sequence at once (everything past it in the batch is applied, refused or passed over before the transaction
-- commits, or nothing is), and the value it held before is kept beside it for the batch to read back — an
-- ON CONFLICT DO UPDATE returns only the row as it leaves it. One round trip a batch instead of two.
ALTER TABLE "read_model_cursor" ADD COLUMN "previous_sequence" BIGINT NOT NULL DEFAULT 0;
