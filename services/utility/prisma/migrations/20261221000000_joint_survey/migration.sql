-- 联合踏勘: one joint site survey appointment per project (docs/utility.md#joint-site-survey).
CREATE TABLE "joint_survey" (
    "project_id" UUID NOT NULL,
    "state" JSONB NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "joint_survey_pkey" PRIMARY KEY ("project_id")
);
