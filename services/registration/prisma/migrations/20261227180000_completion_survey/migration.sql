-- 多测合一: the completion surveys registration heard of (permit.acceptance.survey.completed.v1), one row per commission,
-- so a first-registration case created after its building's survey completed still uses it. The survey used to reach
-- a case only on the event itself (while the case was in pre-survey) or on the acceptance case (when it had completed
-- before that case opened); one that completed after the acceptance case opened and before registration created its
-- case reached neither, and the case waited for the registrar. `survey` holds what the pre-survey uses (domain/case.ts
-- `CompletionSurvey`: commission, building, results, the surveying unit's name, when it recorded them); `part` is a
-- copy of its building (NULL for the whole project).
-- No backfill: registration kept no survey before this migration, so a case already waiting keeps waiting for the
-- registrar's `pass-pre-survey`, as it did.
CREATE TABLE "completion_survey" (
    "commission_id" UUID NOT NULL,
    "project_id" UUID NOT NULL,
    "part" TEXT,
    "survey" JSONB NOT NULL,
    "received_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "completion_survey_pkey" PRIMARY KEY ("commission_id")
);

-- A case being created reads its project's surveys (a few: one per building and one for the whole).
CREATE INDEX "completion_survey_project_id_idx" ON "completion_survey"("project_id");
