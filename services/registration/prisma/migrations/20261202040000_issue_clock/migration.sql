-- 行政许可法第四十四条: the issuing clock of each approved step with permit items, from its decision day to the day
-- its permits are issued. `warned_on` / `overdue_on` are written in the transaction of their alert event, so each
-- alert is raised once across scans, restarts and replicas.
-- CreateTable
CREATE TABLE "issue_clock" (
    "application_id" UUID NOT NULL,
    "project_id" UUID NOT NULL,
    "step" TEXT,
    "decided_on" DATE,
    "clock" JSONB,
    "issued_on" DATE,
    "warned_on" DATE,
    "overdue_on" DATE,

    CONSTRAINT "issue_clock_pkey" PRIMARY KEY ("application_id")
);

-- CreateIndex
CREATE INDEX "issue_clock_issued_on_idx" ON "issue_clock"("issued_on");
