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

-- The audit chain (docs/security.md#audit-log): entries, the head a command locks last, the anchors published.
CREATE TABLE "audit_entry" (
    "position" BIGINT NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,
    "actor" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "object" TEXT NOT NULL,
    "outcome" TEXT NOT NULL,
    "code" TEXT,
    "trace_id" TEXT,
    "prev_hash" TEXT NOT NULL,
    "hash" TEXT NOT NULL,

    CONSTRAINT "audit_entry_pkey" PRIMARY KEY ("position")
);

CREATE INDEX "audit_entry_object_position_idx" ON "audit_entry"("object", "position");

CREATE INDEX "audit_entry_actor_position_idx" ON "audit_entry"("actor", "position");

CREATE TABLE "audit_head" (
    "id" INTEGER NOT NULL,
    "position" BIGINT NOT NULL,
    "hash" TEXT NOT NULL,

    CONSTRAINT "audit_head_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "audit_anchor" (
    "position" BIGINT NOT NULL,
    "hash" TEXT NOT NULL,
    "anchored_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "audit_anchor_pkey" PRIMARY KEY ("position")
);

-- The empty chain: position 0, the genesis hash (64 zeros) every first entry links to.
INSERT INTO "audit_head" ("id", "position", "hash") VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');

-- The published calendar entries (docs/legal-time.md#publishing-a-calendar): every service that runs clocks builds
-- its calendar from the bundled years plus these rows.
CREATE TABLE "calendar_entry" (
    "key" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "notice" TEXT NOT NULL,
    "entry" JSONB NOT NULL,
    "published_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "calendar_entry_pkey" PRIMARY KEY ("key")
);

-- Retention (docs/messaging.md#retention) deletes the oldest inbox rows first, a batch at a time: without this index
-- every batch would scan the whole inbox. Sent outbox rows are found by outbox_message_sent_at_position_idx.
-- CreateIndex
CREATE INDEX "inbox_message_received_at_idx" ON "inbox_message"("received_at");

-- The hotline's own tables (docs/hotline.md).

-- 12345 热线工单 — one ticket. `state` holds the ticket whole as its events carry it; the columns beside it are copies
-- for querying, locking and the timer. The requester's personal data lives in `requester` only, never in `state`, so
-- it never reaches the stream; the hidden fields (第九条) are not stored at all.
CREATE TABLE "ticket" (
    "id" UUID NOT NULL,
    "group_id" UUID NOT NULL,
    "type" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "department" TEXT,
    "owner_credit_code" TEXT,
    "project_id" UUID,
    "version" INTEGER NOT NULL,
    "state" JSONB NOT NULL,
    "requester" JSONB NOT NULL,
    "look_on" DATE,
    "registered_at" TIMESTAMPTZ(3) NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,
    CONSTRAINT "ticket_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "ticket_type_check" CHECK ("type" IN ('consultation', 'help', 'complaint', 'report', 'suggestion', 'praise'))
);

-- A unit's inbox, an owner's tickets, a project's, the group a call was split into.
CREATE INDEX "ticket_department_status_idx" ON "ticket"("department", "status");
CREATE INDEX "ticket_owner_credit_code_idx" ON "ticket"("owner_credit_code");
CREATE INDEX "ticket_project_id_idx" ON "ticket"("project_id");
CREATE INDEX "ticket_group_id_idx" ON "ticket"("group_id");
-- The timer's candidates: the day something on the ticket may next fall due (null: nothing runs).
CREATE INDEX "ticket_look_on_id_idx" ON "ticket"("look_on", "id");
