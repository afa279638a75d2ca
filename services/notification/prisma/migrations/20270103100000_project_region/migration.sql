-- A project's region (行政区划代码, from `project.registered`), so a regional reviewer's or lead's list of its
-- department's messages keeps those of projects within its region (docs/security.md "Regional authority",
-- docs/notifications.md#regional-callers). A project copied before this has none and is within no region: its
-- messages are hidden from regional callers until a replay of its `project.registered` fills it.
ALTER TABLE "project" ADD COLUMN "region" TEXT;

-- The list asks which regions the projects are in (a few dozen values over every project): read from the index.
CREATE INDEX "project_region_idx" ON "project" ("region");
