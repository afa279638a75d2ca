-- 帮办代办 (issue 18): a helper's authority to answer one 补正 notice for the owner, granted by intake before the
-- gateway forwards the answer to approval. Approval refuses the answer after `valid_until`; intake's consumer sets
-- `used_at` when the answer lands. A case is not closed while one of its grants may still land (docs/assisted-service.md).
CREATE TABLE "assisted_answer_grant" (
    "id" UUID NOT NULL,
    "case_id" UUID NOT NULL,
    "application_id" UUID NOT NULL,
    "valid_until" TIMESTAMPTZ(3) NOT NULL,
    "used_at" TIMESTAMPTZ(3),

    CONSTRAINT "assisted_answer_grant_pkey" PRIMARY KEY ("id")
);

CREATE INDEX "assisted_answer_grant_case_id_valid_until_idx" ON "assisted_answer_grant"("case_id", "valid_until");
