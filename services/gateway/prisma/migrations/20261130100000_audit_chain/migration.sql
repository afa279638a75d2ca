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
