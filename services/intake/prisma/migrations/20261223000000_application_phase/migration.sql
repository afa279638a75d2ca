-- 分阶段办理 (docs/intake.md#phases): the phase of a phased step an application is for, as ApplicationAcceptedV1
-- carries it (StepPhase: code, name, number, count); NULL for an application of the whole step, and for every
-- application opened before phases were kept. The step's standing reads the latest application per step and phase.
ALTER TABLE "application" ADD COLUMN "phase" JSONB;
