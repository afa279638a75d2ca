-- The published calendar entries (docs/legal-time.md#publishing-a-calendar): every service that runs clocks builds
-- its calendar from the bundled years plus these rows.
CREATE TABLE "calendar_entry" (
    "key" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "notice" TEXT NOT NULL,
    "entry" JSONB NOT NULL,
    "published_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "calendar_entry_pkey" PRIMARY KEY ("key")
);
