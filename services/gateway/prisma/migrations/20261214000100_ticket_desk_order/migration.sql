-- The hotline centre's ticket desk (GET /api/v1/hotline/tickets, `ticketReads.page`) lists every ticket, or every one
-- not closed, soonest due first: ORDER BY due_on, id with no department, which no index served — each page sorted
-- the whole table. At 60,000 tickets on the development machine a page took 18–60 ms that way, and 0.6–1.5 ms read
-- in this index's order (docs/performance.md).
CREATE INDEX "ticket_due_on_id_idx" ON "ticket"("due_on", "id");
