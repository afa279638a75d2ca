-- 知识库 — the hotline's knowledge base (docs/hotline.md#knowledge-base): one row per knowledge point, owned by a
-- department. Only the hotline service reads it; the gateway forwards to the service, so no reader grants.
-- CreateTable
CREATE TABLE "knowledge_point" (
    "id" UUID NOT NULL,
    "department" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "question" TEXT NOT NULL,
    "answer" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "valid_from" DATE NOT NULL,
    "valid_to" DATE NOT NULL,
    "retired" BOOLEAN NOT NULL DEFAULT false,
    "version" INTEGER NOT NULL,
    "reminded_for" DATE,
    "created_at" TIMESTAMPTZ(3) NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "knowledge_point_pkey" PRIMARY KEY ("id")
);

-- A department's own list.
-- CreateIndex
CREATE INDEX "knowledge_point_department_updated_at_idx" ON "knowledge_point"("department", "updated_at");

-- The reminder scan: points ending soon.
-- CreateIndex
CREATE INDEX "knowledge_point_valid_to_idx" ON "knowledge_point"("valid_to");
