-- Every service's audit entries as their anchors carried them (docs/security.md#audit-log): what
-- GET /api/v1/admin/audit reads, so the route never calls another service.
CREATE TABLE "audit_copy" (
    "chain" TEXT NOT NULL,
    "position" BIGINT NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,
    "actor" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "object" TEXT NOT NULL,
    "outcome" TEXT NOT NULL,
    "code" TEXT,
    "trace_id" TEXT,
    "hash" TEXT NOT NULL,

    CONSTRAINT "audit_copy_pkey" PRIMARY KEY ("chain", "position")
);

CREATE INDEX "audit_copy_at_chain_position_idx" ON "audit_copy"("at", "chain", "position");

CREATE INDEX "audit_copy_object_at_idx" ON "audit_copy"("object", "at");

CREATE INDEX "audit_copy_actor_at_idx" ON "audit_copy"("actor", "at");
