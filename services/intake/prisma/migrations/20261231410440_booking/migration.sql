-- 网上预约 (004:1044, docs/intake.md#booking-the-window-网上预约): the owner's booking of the window for a step of its
-- project, on a working day and in a half-day slot. One live booking (state booked) per step of a project, kept by the
-- booking command under the project's row lock; a slot's load is counted over booked and attended ones of the region.
CREATE TABLE "booking" (
    "id" UUID NOT NULL,
    "project_id" UUID NOT NULL,
    "step" TEXT NOT NULL,
    "region" TEXT NOT NULL,
    "owner_credit_code" TEXT NOT NULL,
    "day" DATE NOT NULL,
    "slot" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "booked_at" TIMESTAMPTZ(3) NOT NULL,
    "booked_by" TEXT NOT NULL,
    -- attended: the application the window received for it, which the booking binds.
    "application_id" UUID,
    "closed_at" TIMESTAMPTZ(3),
    "closed_by" TEXT,
    "reason" TEXT,

    CONSTRAINT "booking_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "booking_slot_check" CHECK ("slot" IN ('am', 'pm')),
    CONSTRAINT "booking_state_check" CHECK ("state" IN ('booked', 'attended', 'cancelled', 'missed')),
    CONSTRAINT "booking_project_id_fkey" FOREIGN KEY ("project_id") REFERENCES "project"("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "booking_application_id_fkey" FOREIGN KEY ("application_id") REFERENCES "application"("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

CREATE INDEX "booking_project_id_step_idx" ON "booking"("project_id", "step");
CREATE INDEX "booking_day_slot_idx" ON "booking"("day", "slot");
