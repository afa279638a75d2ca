-- CreateTable
CREATE TABLE "acceptance_case" (
    "id" UUID NOT NULL,
    "project_id" UUID NOT NULL,
    "lead" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "snapshot" JSONB NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "acceptance_case_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "utility_request" (
    "id" UUID NOT NULL,
    "project_id" UUID NOT NULL,
    "provider" TEXT NOT NULL,
    "stage" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "snapshot" JSONB NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "utility_request_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "registration_case" (
    "id" UUID NOT NULL,
    "project_id" UUID NOT NULL,
    "status" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "snapshot" JSONB NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "registration_case_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "certificate" (
    "id" UUID NOT NULL,
    "project_id" UUID NOT NULL,
    "kind" TEXT NOT NULL,
    "number" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "owner_credit_code" TEXT NOT NULL,
    "item" TEXT,
    "signed" JSONB NOT NULL,
    "issued_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "certificate_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "acceptance_case_project_id_idx" ON "acceptance_case"("project_id");

-- CreateIndex
CREATE INDEX "utility_request_provider_idx" ON "utility_request"("provider");

-- CreateIndex
CREATE INDEX "utility_request_project_id_idx" ON "utility_request"("project_id");

-- CreateIndex
CREATE INDEX "registration_case_project_id_idx" ON "registration_case"("project_id");

-- CreateIndex
CREATE INDEX "certificate_project_id_idx" ON "certificate"("project_id");
