-- 目录版本 — the catalogue versions intake activated (CatalogueActivatedV1), stored so that every project pinned to one
-- resolves it here for good, after a restart too (docs/catalogue.md#versions-live). Written only by the consumer
-- `catalogueCopyConsumer` of @onewindow/messaging; never changed, never deleted. The schema's owner (this service's
-- role) creates and so owns the table; the schema has no reader role to grant it to.
CREATE TABLE "catalogue_version" (
    "pin" TEXT NOT NULL,
    "region" TEXT NOT NULL,
    "version" TEXT NOT NULL,
    "active_from" DATE NOT NULL,
    "data" JSONB NOT NULL,
    "received_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "catalogue_version_pkey" PRIMARY KEY ("pin")
);

-- The pin a project was registered under (ProjectRegisteredV1's catalogueVersion); NULL for projects copied before
-- this column, which resolve by region as before.
ALTER TABLE "project" ADD COLUMN "catalogue_version" TEXT;
