-- 区域评估 and 用地清单 (issue 18 parts 3–4). `state` holds the area or plot whole, as published; the columns beside
-- it are copies for finding. A project stands in at most one area and on at most one plot (`project_land`).
CREATE TABLE "assessed_area" (
    "id" UUID NOT NULL,
    "code" TEXT NOT NULL,
    "region" TEXT NOT NULL,
    "state" JSONB NOT NULL,
    "published_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "assessed_area_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "assessed_area_code_key" ON "assessed_area"("code");

CREATE TABLE "land_plot" (
    "id" UUID NOT NULL,
    "plot_code" TEXT NOT NULL,
    "region" TEXT NOT NULL,
    "state" JSONB NOT NULL,
    "published_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "land_plot_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "land_plot_plot_code_key" ON "land_plot"("plot_code");

CREATE TABLE "project_land" (
    "project_id" UUID NOT NULL,
    "area_id" UUID,
    "plot_id" UUID,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "project_land_pkey" PRIMARY KEY ("project_id"),
    CONSTRAINT "project_land_project_id_fkey" FOREIGN KEY ("project_id") REFERENCES "project"("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "project_land_area_id_fkey" FOREIGN KEY ("area_id") REFERENCES "assessed_area"("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "project_land_plot_id_fkey" FOREIGN KEY ("plot_id") REFERENCES "land_plot"("id") ON DELETE RESTRICT ON UPDATE CASCADE
);
