-- 多测合一 (issue 18): one survey commission per project and stage. `state` holds the whole commission (its merged
-- items and, once recorded, their results); the columns beside it are copies for finding and locking.
CREATE TABLE "survey_commission" (
    "id" UUID NOT NULL,
    "project_id" UUID NOT NULL,
    "stage" TEXT NOT NULL,
    "owner_credit_code" TEXT NOT NULL,
    "surveyor_credit_code" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "state" JSONB NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "survey_commission_pkey" PRIMARY KEY ("id")
);

-- One commission per stage: "同一阶段一次委托" is a unique key, not a hope.
CREATE UNIQUE INDEX "survey_commission_project_id_stage_key" ON "survey_commission"("project_id", "stage");
CREATE INDEX "survey_commission_surveyor_credit_code_idx" ON "survey_commission"("surveyor_credit_code");
