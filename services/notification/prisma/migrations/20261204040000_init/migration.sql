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

-- The notifier's own tables (docs/notifications.md).

-- A project as intake registered it: its name and code go into every message, its owner is a recipient.
CREATE TABLE "project" (
    "id" UUID NOT NULL,
    "project_code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "owner_credit_code" TEXT NOT NULL,
    "owner_name" TEXT NOT NULL,
    CONSTRAINT "project_pkey" PRIMARY KEY ("id")
);

-- What task events taught us about an application: its step's lead department (牵头部门), when the catalogue names one.
CREATE TABLE "application_lead" (
    "application_id" UUID NOT NULL,
    "lead" TEXT NOT NULL,
    CONSTRAINT "application_lead_pkey" PRIMARY KEY ("application_id")
);

-- A department's Chinese name as its task events carry it; messages about events that carry only the code use it.
CREATE TABLE "department_name" (
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    CONSTRAINT "department_name_pkey" PRIMARY KEY ("code")
);

-- Preferences of one party: an owner organisation (统一社会信用代码) or a department (its catalogue code).
CREATE TABLE "preference" (
    "party_kind" TEXT NOT NULL,
    "party" TEXT NOT NULL,
    "channels" TEXT[] NOT NULL,
    "quiet_from" TEXT,
    "quiet_to" TEXT,
    "phone" TEXT,
    "email" TEXT,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,
    CONSTRAINT "preference_pkey" PRIMARY KEY ("party_kind", "party"),
    CONSTRAINT "preference_party_kind_check" CHECK ("party_kind" IN ('owner', 'department'))
);

-- The message outbox: one row per (event, recipient, channel), so a redelivered event or a restart adds nothing.
CREATE TABLE "message" (
    "id" UUID NOT NULL,
    "event_id" UUID NOT NULL,
    "kind" TEXT NOT NULL,
    "project_id" UUID,
    "party_kind" TEXT NOT NULL,
    "party" TEXT NOT NULL,
    "channel" TEXT NOT NULL,
    "address" TEXT,
    "title" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL,
    "due_at" TIMESTAMPTZ(3) NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "last_error" TEXT,
    "sent_at" TIMESTAMPTZ(3),
    "dead_at" TIMESTAMPTZ(3),
    CONSTRAINT "message_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "message_channel_check" CHECK ("channel" IN ('sms', 'email', 'log'))
);

CREATE UNIQUE INDEX "message_event_id_party_kind_party_channel_key" ON "message"("event_id", "party_kind", "party", "channel");

-- The deliverer's candidates: rows neither sent nor dead, in id order (IS NULL is an index condition in a btree).
CREATE INDEX "message_sent_at_dead_at_id_idx" ON "message"("sent_at", "dead_at", "id");

-- A party's messages, newest first (GET /messages).
CREATE INDEX "message_party_kind_party_id_idx" ON "message"("party_kind", "party", "id");
