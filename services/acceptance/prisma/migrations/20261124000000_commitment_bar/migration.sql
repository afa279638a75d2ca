-- 告知承诺 bar: an owner whose commitment was found not kept may not choose 告知承诺 again until `until`.
CREATE TABLE "commitment_bar" (
    "credit_code" TEXT NOT NULL,
    "case_id" UUID NOT NULL,
    "item" TEXT NOT NULL,
    "barred_on" DATE NOT NULL,
    "until" DATE NOT NULL,

    CONSTRAINT "commitment_bar_pkey" PRIMARY KEY ("case_id","item")
);

CREATE INDEX "commitment_bar_credit_code_idx" ON "commitment_bar"("credit_code");
