-- 工程质量安全监督 "双随机、一公开" (004:1856): a round's pool, kept so that 回避 / 改派 (reassigning a drawn inspection)
-- draws the replacement from the rest of the round's pool, never one the body names. Rounds drawn before this table
-- have no row; their inspections cannot be reassigned (docs/quality-supervision.md).
CREATE TABLE "quality_round" (
    "id" UUID NOT NULL,
    "seed" BIGINT NOT NULL,
    "pool" JSONB NOT NULL,
    "drawn_by" TEXT NOT NULL,
    "drawn_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "quality_round_pkey" PRIMARY KEY ("id")
);
