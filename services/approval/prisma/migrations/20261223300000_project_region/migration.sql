-- The region of each project approval copies from ProjectRegisteredV1: a 联合审图 review's clock counts on the project's
-- calendar (its regional rest days) from its first submission, before any application of the project has tasks whose
-- clocks carry the region (db/drawing-reviews.ts `projectOf`). Rows copied before this have none; their reviews take the
-- region from the project's tasks, as before.
ALTER TABLE "project" ADD COLUMN "region" TEXT;
