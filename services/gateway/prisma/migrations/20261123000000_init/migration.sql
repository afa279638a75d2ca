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
    "name" TEXT NOT NULL,
    "project_type" TEXT NOT NULL,
    "region" TEXT NOT NULL,
    "owner_name" TEXT NOT NULL,
    "owner_credit_code" TEXT NOT NULL,
    "investment_fen" BIGINT NOT NULL,
    "location" TEXT,
    "catalogue_version" TEXT,
    "flow" JSONB,
    "cap" JSONB,
    "registered_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "project_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "application" (
    "id" UUID NOT NULL,
    "project_id" UUID NOT NULL,
    "step" TEXT,
    "step_name" TEXT,
    "stage" TEXT,
    "receipt_number" TEXT,
    "with_deficiencies" BOOLEAN,
    "owner_credit_code" TEXT,
    "items" JSONB,
    "accepted_at" TIMESTAMPTZ(3),
    "accepted_on" DATE,
    "decision" JSONB,
    "certificate_released_at" TIMESTAMPTZ(3),

    CONSTRAINT "application_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "deficiency" (
    "application_id" UUID NOT NULL,
    "material" TEXT NOT NULL,
    "project_id" UUID NOT NULL,
    "name" TEXT,
    "promised_on" DATE,
    "cured_at" TIMESTAMPTZ(3),
    "cured_on" DATE,
    "overdue_at" TIMESTAMPTZ(3),

    CONSTRAINT "deficiency_pkey" PRIMARY KEY ("application_id","material")
);

-- CreateTable
CREATE TABLE "task" (
    "id" UUID NOT NULL,
    "application_id" UUID NOT NULL,
    "project_id" UUID NOT NULL,
    "department" TEXT NOT NULL,
    "item" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "national_code" INTEGER NOT NULL,
    "version" INTEGER NOT NULL,
    "due_on" DATE,
    "snapshot" JSONB NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "task_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "supplement_notice" (
    "id" UUID NOT NULL,
    "application_id" UUID NOT NULL,
    "project_id" UUID NOT NULL,
    "version" INTEGER NOT NULL,
    "status" TEXT NOT NULL,
    "requests" JSONB NOT NULL,
    "issued_at" TIMESTAMPTZ(3) NOT NULL,
    "answered_at" TIMESTAMPTZ(3),

    CONSTRAINT "supplement_notice_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "clock_alert" (
    "event_id" UUID NOT NULL,
    "task_id" UUID NOT NULL,
    "project_id" UUID NOT NULL,
    "kind" TEXT NOT NULL,
    "clock" TEXT NOT NULL,
    "department" TEXT NOT NULL,
    "item" TEXT NOT NULL,
    "suspension_id" TEXT,
    "suspension_kind" TEXT,
    "due_on" DATE NOT NULL,
    "detected_on" DATE NOT NULL,
    "detected_at" TIMESTAMPTZ(3) NOT NULL,
    "used" DOUBLE PRECISION NOT NULL,
    "limit_value" DOUBLE PRECISION NOT NULL,

    CONSTRAINT "clock_alert_pkey" PRIMARY KEY ("event_id")
);

-- CreateTable
CREATE TABLE "timeline_entry" (
    "event_id" UUID NOT NULL,
    "project_id" UUID NOT NULL,
    "occurred_at" TIMESTAMPTZ(3) NOT NULL,
    "type" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "summary" TEXT NOT NULL,
    "actor" TEXT,
    "department" TEXT,

    CONSTRAINT "timeline_entry_pkey" PRIMARY KEY ("event_id")
);

-- CreateIndex
CREATE INDEX "project_owner_credit_code_idx" ON "project"("owner_credit_code");

-- CreateIndex
CREATE INDEX "application_project_id_idx" ON "application"("project_id");

-- CreateIndex
CREATE INDEX "task_department_due_on_idx" ON "task"("department", "due_on");

-- CreateIndex
CREATE INDEX "task_project_id_idx" ON "task"("project_id");

-- CreateIndex
CREATE INDEX "supplement_notice_project_id_idx" ON "supplement_notice"("project_id");

-- CreateIndex
CREATE INDEX "clock_alert_project_id_idx" ON "clock_alert"("project_id");

-- CreateIndex
CREATE INDEX "timeline_entry_project_id_occurred_at_idx" ON "timeline_entry"("project_id", "occurred_at");
