-- 按照单位工程办理施工许可 (docs/acceptance.md#permit-per-unit-work): the construction permit approved for one unit
-- work (单位工程, a building) on its own, as StepDecidedV1 `part` names it. It grants that building's joint acceptance
-- only, so it is kept apart from approved_item, which grants the whole project's.
CREATE TABLE "approved_part" (
    "project_id" UUID NOT NULL,
    "item" TEXT NOT NULL,
    "part" TEXT NOT NULL,
    "application_id" UUID NOT NULL,
    "decided_at" TIMESTAMPTZ(3) NOT NULL,
    CONSTRAINT "approved_part_pkey" PRIMARY KEY ("project_id", "item", "part")
);
