-- 目录版本 — the catalogue versions an administrator uploaded (each region's document resolved over its parents and
-- validated) and activated from a legal date. Intake owns them: it pins one on every project it registers
-- (docs/architecture.md#catalogue-versions). A version is never changed or deleted: its pin carries its hash, and
-- projects pinned to it must resolve it for good. The schema's owner, intake's role, creates and so owns the table;
-- intake's schema has no reader role to grant it to.
CREATE TABLE "catalogue_version" (
    "pin" TEXT NOT NULL,
    "region" TEXT NOT NULL,
    "version" TEXT NOT NULL,
    "hash" TEXT NOT NULL,
    "document" JSONB NOT NULL,
    "data" JSONB NOT NULL,
    "warnings" JSONB NOT NULL,
    "uploaded_at" TIMESTAMPTZ(3) NOT NULL,
    "uploaded_by" TEXT NOT NULL,
    "active_from" DATE,
    "activated_at" TIMESTAMPTZ(3),
    "activated_by" TEXT,

    CONSTRAINT "catalogue_version_pkey" PRIMARY KEY ("pin")
);

-- A region's version names one content; two versions of a region never start on the same day (NULLs: not activated).
CREATE UNIQUE INDEX "catalogue_version_region_version_key" ON "catalogue_version"("region", "version");
CREATE UNIQUE INDEX "catalogue_version_region_active_from_key" ON "catalogue_version"("region", "active_from");
