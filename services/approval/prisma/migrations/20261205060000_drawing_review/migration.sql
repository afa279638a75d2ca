-- 联合审图 (issue 18): one joint drawing review per project. `state` holds the whole review (its drawing-set versions,
-- the report, the tasks decided on it); the columns beside it are copies for finding and locking.
CREATE TABLE "drawing_review" (
    "id" UUID NOT NULL,
    "project_id" UUID NOT NULL,
    "owner_credit_code" TEXT NOT NULL,
    "review_body_credit_code" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "revision" INTEGER NOT NULL,
    "state" JSONB NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "drawing_review_pkey" PRIMARY KEY ("id")
);

-- One review per project: a re-submission is a new version inside it, never a second review.
CREATE UNIQUE INDEX "drawing_review_project_id_key" ON "drawing_review"("project_id");
CREATE INDEX "drawing_review_review_body_credit_code_idx" ON "drawing_review"("review_body_credit_code");
