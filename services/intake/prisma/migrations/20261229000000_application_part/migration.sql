-- 按照单位工程办理施工许可 (docs/intake.md#parts): the unit work (单位工程, a building) whose construction permit an
-- application is for, as ApplicationAcceptedV1 carries it; NULL for an application of the whole project, and for every
-- application opened before parts were kept. A building's applications stand apart from the step's: one live per
-- building, and the whole step's standing reads only the applications of the whole project.
ALTER TABLE "application" ADD COLUMN "part" TEXT;
