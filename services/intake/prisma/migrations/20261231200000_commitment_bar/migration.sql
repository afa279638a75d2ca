-- 告知承诺 bar (004:1860 禁止选择告知承诺): an item approved on commitment whose department found the commitment not
-- kept and barred the owner (approval's task.commitment-breached with `bar-commitment`, `barredUntil` and the owner).
-- Until `until` (inclusive) the owner's applications at the window may not name `commitments`. One per task: a
-- commitment is verified once.
CREATE TABLE "commitment_bar" (
    "task_id" UUID NOT NULL,
    "credit_code" TEXT NOT NULL,
    "item" TEXT NOT NULL,
    "department" TEXT NOT NULL,
    "barred_on" DATE NOT NULL,
    "until" DATE NOT NULL,

    CONSTRAINT "commitment_bar_pkey" PRIMARY KEY ("task_id")
);

CREATE INDEX "commitment_bar_credit_code_until_idx" ON "commitment_bar"("credit_code", "until");
