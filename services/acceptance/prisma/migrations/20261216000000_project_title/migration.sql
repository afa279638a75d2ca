-- The project's title as ProjectRegisteredV1 carries it — name, 项目代码, location — so the surveying unit's list of
-- its commissions can name each project (it reads no project otherwise; the list named one by its id). Projects
-- copied before this migration keep NULL here and are named by their id as before: the event is not replayed.
ALTER TABLE "project" ADD COLUMN "name" TEXT, ADD COLUMN "project_code" TEXT, ADD COLUMN "location" TEXT;
