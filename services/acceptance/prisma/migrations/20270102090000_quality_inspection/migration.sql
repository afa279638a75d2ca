-- 工程质量安全监督 "双随机、一公开" (004:1856): one row per project drawn in a round (抽查). `state` holds the whole
-- inspection (its round and seed, the inspectors drawn, and once recorded its result); the columns beside it are
-- copies for finding it: a project's inspections (drawability: open, once-only), the published results newest first.
CREATE TABLE "quality_inspection" (
    "id" UUID NOT NULL,
    "round_id" UUID NOT NULL,
    "project_id" UUID NOT NULL,
    "status" TEXT NOT NULL,
    "state" JSONB NOT NULL,
    "drawn_at" TIMESTAMPTZ(3) NOT NULL,
    "recorded_at" TIMESTAMPTZ(3),

    CONSTRAINT "quality_inspection_pkey" PRIMARY KEY ("id")
);

CREATE INDEX "quality_inspection_project_id_idx" ON "quality_inspection"("project_id");
CREATE INDEX "quality_inspection_recorded_at_idx" ON "quality_inspection"("recorded_at");
