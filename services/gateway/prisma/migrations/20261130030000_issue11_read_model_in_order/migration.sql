-- CreateTable
CREATE TABLE "read_model_cursor" (
    "name" TEXT NOT NULL,
    "last_sequence" BIGINT NOT NULL,

    CONSTRAINT "read_model_cursor_pkey" PRIMARY KEY ("name")
);

-- CreateTable
CREATE TABLE "pending_write" (
    "id" UUID NOT NULL,
    "kind" TEXT NOT NULL,
    "project_id" UUID NOT NULL,
    "owner_credit_code" TEXT NOT NULL,
    "region" TEXT,
    "project" JSONB,
    "since" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "pending_write_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "pending_write_project_id_idx" ON "pending_write"("project_id");
