-- The clerk's list of received applications not yet decided (接件, national code 1; `GET /api/v1/receipts`).
-- Without an index it read every application the read model holds, decided or not, on each page. The undecided are
-- few at any time (five working days each at most), so a partial index holds just them and the page sorts those.
CREATE INDEX "application_undecided_receipt_idx" ON "application" ("id") WHERE receipt ->> 'nationalCode' = '1';
