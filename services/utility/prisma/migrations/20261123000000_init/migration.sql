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

-- CreateTable
CREATE TABLE "project" (
    "id" UUID NOT NULL,
    "project_code" TEXT NOT NULL,
    "project_type" TEXT NOT NULL,
    "region" TEXT NOT NULL,
    "registered_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "project_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "acceptance_passed" (
    "project_id" UUID NOT NULL,
    "case_id" UUID NOT NULL,
    "passed_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "acceptance_passed_pkey" PRIMARY KEY ("project_id")
);

-- CreateTable
CREATE TABLE "utility_request" (
    "id" UUID NOT NULL,
    "application_id" UUID NOT NULL,
    "project_id" UUID NOT NULL,
    "provider" TEXT NOT NULL,
    "stage" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "state" JSONB NOT NULL,
    "opened_at" TIMESTAMPTZ(3) NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "utility_request_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "utility_request_project_id_stage_idx" ON "utility_request"("project_id", "stage");

-- CreateIndex
CREATE INDEX "utility_request_provider_stage_idx" ON "utility_request"("provider", "stage");

-- CreateIndex
CREATE UNIQUE INDEX "utility_request_application_id_provider_key" ON "utility_request"("application_id", "provider");
