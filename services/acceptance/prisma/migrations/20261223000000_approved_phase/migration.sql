-- 分阶段办理 (docs/intake.md#phases): the latest phase approved of a step applied for in phases, per item of its
-- tasks, from StepDecidedV1's `phase`. An item counts as approved (approved_item) only with its last phase; while
-- only earlier phases are approved, this row says how far the project is, so joint acceptance can say why it waits.
CREATE TABLE "approved_phase" (
    "project_id" UUID NOT NULL,
    "item" TEXT NOT NULL,
    -- StepPhase: code, name, number, count.
    "phase" JSONB NOT NULL,
    "number" INTEGER NOT NULL,
    "application_id" UUID NOT NULL,
    "decided_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "approved_phase_pkey" PRIMARY KEY ("project_id", "item")
);
