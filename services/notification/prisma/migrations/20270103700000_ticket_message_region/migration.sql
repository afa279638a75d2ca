-- A 12345 ticket's message (工单) records the ticket and its region (行政区划代码, `ticket.region` as the hotline
-- registered it), so a regional reviewer's or lead's list keeps a ticket's message naming no project only when the
-- ticket's region is within the caller's — the gateway's ticket rule (docs/security.md "12345 tickets (工单)",
-- docs/notifications.md#regional-callers). A ticket of no region: `ticket` true, `ticket_region` null, hidden from
-- regional callers.
ALTER TABLE "message" ADD COLUMN "ticket" BOOLEAN NOT NULL DEFAULT false, ADD COLUMN "ticket_region" TEXT;
ALTER TABLE "message" ADD CONSTRAINT "message_ticket_region_check" CHECK ("ticket_region" IS NULL OR "ticket");

-- The messages made before this: every ticket message kind is named `ticket-…` (and no other kind is), so they are
-- told apart by kind and marked as ticket messages of no known region — hidden from regional callers, the safe side.
UPDATE "message" SET "ticket" = true WHERE "kind" LIKE 'ticket-%';

-- The list asks which regions the tickets told of are in (a few dozen values): read from an index of the ticket
-- messages alone.
CREATE INDEX "message_ticket_region_idx" ON "message" ("ticket_region") WHERE "ticket_region" IS NOT NULL;
