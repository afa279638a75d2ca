-- 用地清单 (issue 18 part 4): the land-condition list an accepted application was opened under, as intake sent it
-- (ApplicationAcceptedV1 `landList`): a 补正 of its tasks may ask only for the materials it allows.
CREATE TABLE "application_land_list" (
    "application_id" UUID NOT NULL,
    "project_id" UUID NOT NULL,
    "list" JSONB NOT NULL,

    CONSTRAINT "application_land_list_pkey" PRIMARY KEY ("application_id")
);
