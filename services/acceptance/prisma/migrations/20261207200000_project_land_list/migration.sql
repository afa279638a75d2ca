-- 用地清单 (issue 18 part 4): the land-condition list of the plot a project's land is linked to, as intake published
-- it (ProjectPlotLinkedV1): an acceptance defect naming a requirement may name only what the list names (004:2263).
-- `materials` are every material the list's entries name; `list` the plot whole, for citing it.
CREATE TABLE "project_land_list" (
    "project_id" UUID NOT NULL,
    "plot_id" UUID NOT NULL,
    "plot_code" TEXT NOT NULL,
    "published_on" DATE NOT NULL,
    "materials" JSONB NOT NULL,
    "list" JSONB NOT NULL,
    "linked_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "project_land_list_pkey" PRIMARY KEY ("project_id")
);
