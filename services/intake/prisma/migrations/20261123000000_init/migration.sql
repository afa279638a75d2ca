-- CreateTable
CREATE TABLE "outbox_message" (
    "id" UUID NOT NULL,
    "position" BIGSERIAL NOT NULL,
    "subject" TEXT NOT NULL,
    "aggregate_id" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "headers" JSONB NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sent_at" TIMESTAMPTZ(3),
    "stream_seq" BIGINT,

    CONSTRAINT "outbox_message_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "inbox_message" (
    "consumer" TEXT NOT NULL,
    "event_id" UUID NOT NULL,
    "subject" TEXT NOT NULL,
    "received_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "inbox_message_pkey" PRIMARY KEY ("consumer","event_id")
);

-- CreateTable
CREATE TABLE "dead_letter" (
    "id" UUID NOT NULL,
    "consumer" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "event_id" TEXT,
    "stream_seq" BIGINT NOT NULL,
    "payload" TEXT NOT NULL,
    "headers" JSONB NOT NULL,
    "error" TEXT NOT NULL,
    "deliveries" INTEGER NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "replayed_at" TIMESTAMPTZ(3),

    CONSTRAINT "dead_letter_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "outbox_message_position_key" ON "outbox_message"("position");

-- CreateIndex
CREATE INDEX "outbox_message_sent_at_position_idx" ON "outbox_message"("sent_at", "position");

-- CreateIndex
CREATE INDEX "dead_letter_consumer_created_at_idx" ON "dead_letter"("consumer", "created_at");

-- 一窗受理: receipt numbers count up across the service, whatever the region or day.
CREATE SEQUENCE "receipt_seq";

-- CreateTable
CREATE TABLE "project" (
    "id" UUID NOT NULL,
    "project_code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "project_type" TEXT NOT NULL,
    "region" TEXT NOT NULL,
    "owner_name" TEXT NOT NULL,
    "owner_credit_code" TEXT NOT NULL,
    "site_area_m2" DOUBLE PRECISION NOT NULL,
    "floor_area_m2" DOUBLE PRECISION NOT NULL,
    "height_m" DOUBLE PRECISION NOT NULL,
    "investment_fen" BIGINT NOT NULL,
    "location" TEXT NOT NULL,
    "facts" JSONB NOT NULL,
    "catalogue_version" TEXT NOT NULL,
    "flow" JSONB NOT NULL,
    "cap" JSONB,
    "registered_at" TIMESTAMPTZ(3) NOT NULL,
    "registered_by" TEXT NOT NULL,

    CONSTRAINT "project_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "application" (
    "id" UUID NOT NULL,
    "project_id" UUID NOT NULL,
    "step" TEXT NOT NULL,
    "step_name" TEXT NOT NULL,
    "receipt_number" TEXT NOT NULL,
    "outcome" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "certificate" TEXT NOT NULL,
    "catalogue_version" TEXT NOT NULL,
    "form" JSONB NOT NULL,
    "items" JSONB NOT NULL,
    "accepted_at" TIMESTAMPTZ(3) NOT NULL,
    "accepted_on" DATE NOT NULL,
    "accepted_by" TEXT NOT NULL,
    "decided_at" TIMESTAMPTZ(3),
    "decided_on" DATE,
    "released_at" TIMESTAMPTZ(3),

    CONSTRAINT "application_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "submitted_material" (
    "id" UUID NOT NULL,
    "application_id" UUID NOT NULL,
    "code" TEXT NOT NULL,
    "document_ref" TEXT NOT NULL,
    "submitted_at" TIMESTAMPTZ(3) NOT NULL,
    "submitted_by" TEXT NOT NULL,

    CONSTRAINT "submitted_material_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "deficiency" (
    "application_id" UUID NOT NULL,
    "material" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "promised_on" DATE NOT NULL,
    "cured_at" TIMESTAMPTZ(3),
    "overdue_at" TIMESTAMPTZ(3),

    CONSTRAINT "deficiency_pkey" PRIMARY KEY ("application_id","material")
);

-- CreateTable
CREATE TABLE "commitment" (
    "application_id" UUID NOT NULL,
    "item" TEXT NOT NULL,
    "verify_by" DATE NOT NULL,

    CONSTRAINT "commitment_pkey" PRIMARY KEY ("application_id","item")
);

-- CreateTable
CREATE TABLE "dishonest_owner" (
    "credit_code" TEXT NOT NULL,
    "listed_at" TIMESTAMPTZ(3) NOT NULL,
    "listed_by" TEXT NOT NULL,

    CONSTRAINT "dishonest_owner_pkey" PRIMARY KEY ("credit_code")
);

-- CreateIndex
CREATE UNIQUE INDEX "project_project_code_key" ON "project"("project_code");

-- CreateIndex
CREATE INDEX "project_owner_credit_code_idx" ON "project"("owner_credit_code");

-- CreateIndex
CREATE UNIQUE INDEX "application_receipt_number_key" ON "application"("receipt_number");

-- CreateIndex
CREATE INDEX "application_project_id_step_idx" ON "application"("project_id", "step");

-- CreateIndex
CREATE INDEX "submitted_material_application_id_idx" ON "submitted_material"("application_id");

-- CreateIndex
CREATE INDEX "deficiency_promised_on_idx" ON "deficiency"("promised_on");

-- AddForeignKey
ALTER TABLE "application" ADD CONSTRAINT "application_project_id_fkey" FOREIGN KEY ("project_id") REFERENCES "project"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "submitted_material" ADD CONSTRAINT "submitted_material_application_id_fkey" FOREIGN KEY ("application_id") REFERENCES "application"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "deficiency" ADD CONSTRAINT "deficiency_application_id_fkey" FOREIGN KEY ("application_id") REFERENCES "application"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "commitment" ADD CONSTRAINT "commitment_application_id_fkey" FOREIGN KEY ("application_id") REFERENCES "application"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
