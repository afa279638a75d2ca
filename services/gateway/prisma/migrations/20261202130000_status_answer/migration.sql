-- A project's status kept in the read model as the bytes the gateway sends (docs/architecture.md "Statuses kept in
-- the read model"): the whole view's answer (clerk, supervisor, admin, owner — one view, docs/api.md), built by the
-- gateway at one answer version (`answer_version`, 20261130060000) for one legal day with one calendar and one
-- build of the code that builds it (`built_with`), with the answer's instant left out (`instant_at` marks where it
-- goes) and `pending` empty: the gateway adds both per request. A status is then this one primary-key row, read in
-- the statement that reads the version, and used only when its version, day and `built_with` are exactly those of
-- the read; anything else is built again from the rows. A reviewer's view (one department's part) is not kept here.
--
-- No answer-version trigger on this table: writing a kept answer changes no answer. Nothing refers to it, and it has
-- at most one row per project; the reader role reads it under the same row-level security as the project's rows.
CREATE TABLE "status_answer" (
    "project_id" UUID NOT NULL,
    "version" BIGINT NOT NULL,
    "day" DATE NOT NULL,
    "built_with" TEXT NOT NULL,
    "owner_credit_code" TEXT NOT NULL,
    "departments" TEXT[] NOT NULL,
    "application_ids" UUID[] NOT NULL,
    "shown_rows" INTEGER NOT NULL,
    "body" TEXT NOT NULL,
    "instant_at" INTEGER NOT NULL,
    "built_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "status_answer_pkey" PRIMARY KEY ("project_id"),
    CONSTRAINT "status_answer_bounded" CHECK (
      length("built_with") <= 128 AND length("owner_credit_code") <= 64
      AND cardinality("departments") <= 1000 AND cardinality("application_ids") <= 10000
      AND "shown_rows" BETWEEN 0 AND 1000000
      AND length("body") <= 4000000 AND "instant_at" BETWEEN 0 AND length("body"))
);

-- The whole view only: a reviewer, who reads one department's part, never reads a kept whole answer; otherwise who may
-- read the project (the checked project of `set_caller`'s fifth argument, 20261201600000, or the per-row check).
ALTER TABLE status_answer ENABLE ROW LEVEL SECURITY;
CREATE POLICY caller_scope ON status_answer FOR SELECT USING (
  caller_role() IN ('clerk', 'supervisor', 'admin', 'owner')
  AND (caller_sees_all() OR project_id = caller_project() OR caller_sees_project(project_id)));
