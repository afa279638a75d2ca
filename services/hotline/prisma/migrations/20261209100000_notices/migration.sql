-- 变动通报 and 故障通报 — the handling units' notices to the hotline centre (docs/hotline.md#notices, seeds
-- 004:1684–1694). `state` holds a notice whole as its events carry it; the columns are copies for lists, locking and
-- the outage timer (`look_on`: the first day the timer may have something to do; NULL when nothing runs). Only the
-- hotline service reads it; the gateway forwards.
-- CreateTable
CREATE TABLE "notice" (
    "id" UUID NOT NULL,
    "kind" TEXT NOT NULL,
    "department" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "look_on" DATE,
    "version" INTEGER NOT NULL,
    "state" JSONB NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "notice_pkey" PRIMARY KEY ("id")
);

-- A department's own list.
-- CreateIndex
CREATE INDEX "notice_department_kind_idx" ON "notice"("department", "kind");

-- The outage timer: the notices due a look.
-- CreateIndex
CREATE INDEX "notice_look_on_id_idx" ON "notice"("look_on", "id");
