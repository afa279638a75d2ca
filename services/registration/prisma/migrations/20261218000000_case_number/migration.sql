-- 受理编号 of a first-registration case: DJ-<region>-<year>-<6-digit number>, the region's running number of the year
-- (`number_sequence` scope `case/<region>/<year>`), taken under the scope's row lock in the transaction that creates
-- the case. Unique, so no two cases are read out alike.
-- No backfill: a case created before this migration keeps NULL and is still known by the tail of its id, as the
-- registrar's console showed it. A number given now would not be the one anyone wrote down, and would not reach the
-- copies other services keep of the case (the gateway's, from the events it already took).
ALTER TABLE "registration_case" ADD COLUMN "case_number" TEXT;

CREATE UNIQUE INDEX "registration_case_case_number_key" ON "registration_case"("case_number");
