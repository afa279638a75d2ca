-- 未到 by itself (docs/intake.md#booking-the-window-网上预约): the booking scan's candidates are the bookings still
-- booked whose day has come; partial, so the closed bookings that pile up behind them are never walked.
CREATE INDEX "booking_booked_day_idx" ON "booking"("day") WHERE "state" = 'booked';
