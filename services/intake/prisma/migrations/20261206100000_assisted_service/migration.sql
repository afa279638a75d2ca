-- 帮办代办 (issue 18 part 5): one assisted-service case per project. `state` holds the whole case (its acts and
-- follow-up visits); the columns beside it are copies for finding and locking: the helper's desk by `helper_sub`,
-- the visit sweep by `next_visit_due_on` (the earliest scheduled visit's due day, null when none is scheduled).
CREATE TABLE "assisted_case" (
    "id" UUID NOT NULL,
    "project_id" UUID NOT NULL,
    "owner_credit_code" TEXT NOT NULL,
    "helper_sub" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "next_visit_due_on" DATE,
    "state" JSONB NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "assisted_case_pkey" PRIMARY KEY ("id")
);

-- One case per project: a second opening loses the race to this key, not to a read.
CREATE UNIQUE INDEX "assisted_case_project_id_key" ON "assisted_case"("project_id");
CREATE INDEX "assisted_case_helper_sub_idx" ON "assisted_case"("helper_sub");
CREATE INDEX "assisted_case_next_visit_due_on_idx" ON "assisted_case"("next_visit_due_on");

-- 中介服务 (issue 18 part 6): the intermediary an owner chose for one service of its project, with its clock.
-- `overdue_at` is set once by the sweep; the sweep looks for engaged rows past `due_on` without it.
CREATE TABLE "intermediary_engagement" (
    "id" UUID NOT NULL,
    "project_id" UUID NOT NULL,
    "service" TEXT NOT NULL,
    "owner_credit_code" TEXT NOT NULL,
    "intermediary_credit_code" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "due_on" DATE NOT NULL,
    "overdue_at" TIMESTAMPTZ(3),
    "state" JSONB NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "intermediary_engagement_pkey" PRIMARY KEY ("id")
);

-- One chosen intermediary per project and service.
CREATE UNIQUE INDEX "intermediary_engagement_project_id_service_key" ON "intermediary_engagement"("project_id", "service");
CREATE INDEX "intermediary_engagement_intermediary_credit_code_idx" ON "intermediary_engagement"("intermediary_credit_code");
CREATE INDEX "intermediary_engagement_due_on_idx" ON "intermediary_engagement"("due_on");
