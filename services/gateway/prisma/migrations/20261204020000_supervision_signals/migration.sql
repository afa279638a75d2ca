-- 风险信号 — clock-gaming signals (issue 15, deliverable 2): raised by the read model as it applies the events that show
-- them (src/domain/signals.ts), each once per occurrence. The key is the occurrence itself — the kind, the task (or the
-- application, for a late acceptance) and which occurrence on it (the 补正 round, the 特别程序's place in the clock's
-- ledger, else 1) — so a redelivered or replayed event, or a rebuild of the read model, never raises one twice.
-- `id` numbers the rows in the order they were raised, for GET /api/v1/supervision/signals' cursor (newest first).
-- A department's median above its committed limit is a figure of a period, computed at query time, never stored here.
CREATE TABLE "signal" (
    "id" BIGSERIAL NOT NULL,
    "kind" TEXT NOT NULL,
    "subject_id" UUID NOT NULL,
    "ordinal" INTEGER NOT NULL,
    "event_id" UUID NOT NULL,
    "project_id" UUID NOT NULL,
    "application_id" UUID NOT NULL,
    "task_id" UUID,
    "department" TEXT,
    "item" TEXT,
    "raised_on" DATE NOT NULL,
    "raised_at" TIMESTAMPTZ(3) NOT NULL,
    "evidence" JSONB NOT NULL,

    CONSTRAINT "signal_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "signal_kind_check" CHECK ("kind" IN ('late-acceptance', 'late-supplement', 'repeated-supplement',
      'late-special-procedure', 'special-procedure-overrun', 'decided-overdue') AND "ordinal" >= 1)
);
CREATE UNIQUE INDEX "signal_occurrence_key" ON "signal"("kind", "subject_id", "ordinal");
CREATE INDEX "signal_raised_on_id_idx" ON "signal"("raised_on", "id");

-- The reader's SELECT comes from the default privileges packages/db provisionSchema set for every table the owner
-- creates. Row-level security as on every read-model table (20261130050000_row_level_security): signals are the
-- supervisor's (the route authorises supervisors only); no reviewer, lead or owner reads them.
ALTER TABLE "signal" ENABLE ROW LEVEL SECURITY;
CREATE POLICY caller_scope ON "signal" FOR SELECT USING (caller_sees_all());
