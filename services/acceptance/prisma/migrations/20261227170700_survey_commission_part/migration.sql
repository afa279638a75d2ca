-- 竣工一幢、验收一幢、登记一幢 (docs/shared-results.md, 多测合一): a completion-stage survey commission may measure one
-- building (`part`), so a project holds one completion commission per building besides one for the whole project.
-- The whole project is stored as '' (every commission before this one), so one unique key covers both.
ALTER TABLE "survey_commission" ADD COLUMN "part" TEXT NOT NULL DEFAULT '';

DROP INDEX "survey_commission_project_id_stage_key";
CREATE UNIQUE INDEX "survey_commission_project_id_stage_part_key" ON "survey_commission"("project_id", "stage", "part");
