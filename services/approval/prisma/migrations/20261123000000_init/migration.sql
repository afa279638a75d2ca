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
CREATE TABLE "task" (
    "id" UUID NOT NULL,
    "application_id" UUID NOT NULL,
    "project_id" UUID NOT NULL,
    "item" TEXT NOT NULL,
    "department" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "national_code" INTEGER NOT NULL,
    "version" INTEGER NOT NULL,
    "state" JSONB NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "task_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "step" (
    "application_id" UUID NOT NULL,
    "project_id" UUID NOT NULL,
    "step" TEXT,
    "with_deficiencies" BOOLEAN NOT NULL,
    "owner_credit_code" TEXT,
    "outcome" TEXT,
    "decided_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "step_pkey" PRIMARY KEY ("application_id")
);

-- CreateTable
CREATE TABLE "supplement_notice" (
    "id" UUID NOT NULL,
    "application_id" UUID NOT NULL,
    "project_id" UUID NOT NULL,
    "open_for" UUID,
    "status" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "requests" JSONB NOT NULL,
    "answer" JSONB,
    "issued_at" TIMESTAMPTZ(3) NOT NULL,
    "answered_at" TIMESTAMPTZ(3),

    CONSTRAINT "supplement_notice_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "task_alert" (
    "task_id" UUID NOT NULL,
    "clock" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "suspension_id" TEXT NOT NULL DEFAULT '',
    "due_on" DATE NOT NULL,
    "event_id" UUID NOT NULL,
    "emitted_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "task_alert_pkey" PRIMARY KEY ("task_id","clock","kind","suspension_id")
);

-- CreateIndex
CREATE INDEX "task_application_id_idx" ON "task"("application_id");

-- CreateIndex
CREATE INDEX "task_department_status_idx" ON "task"("department", "status");

-- CreateIndex
CREATE INDEX "task_status_idx" ON "task"("status");

-- CreateIndex
CREATE UNIQUE INDEX "supplement_notice_open_for_key" ON "supplement_notice"("open_for");

-- CreateIndex
CREATE INDEX "supplement_notice_application_id_idx" ON "supplement_notice"("application_id");
