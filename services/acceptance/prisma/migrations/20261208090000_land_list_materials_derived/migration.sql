-- 用地清单: the materials a plot's list names are derived from the list itself (`listedMaterials` in
-- src/db/land-lists.ts), which is read back checked; the copy beside it was no longer read, so it goes.
ALTER TABLE "project_land_list" DROP COLUMN "materials";
