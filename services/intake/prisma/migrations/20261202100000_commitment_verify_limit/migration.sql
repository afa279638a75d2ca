-- 告知承诺: the limit a commitment's verify-by day was counted with (the item's committed limit, else 20 W), from the
-- application's acceptance day in its project's region, so that a published calendar re-projects `verify_by`
-- (docs/legal-time.md#publishing-a-calendar). Commitments made before it was kept have none and keep their day.
ALTER TABLE "commitment" ADD COLUMN "verify_limit_value" INTEGER, ADD COLUMN "verify_limit_unit" TEXT;
ALTER TABLE "commitment" ADD CONSTRAINT "commitment_verify_limit_check" CHECK (
    ("verify_limit_value" IS NULL AND "verify_limit_unit" IS NULL)
    OR ("verify_limit_value" IS NOT NULL AND "verify_limit_unit" IS NOT NULL
        AND "verify_limit_value" BETWEEN 0 AND 3650 AND "verify_limit_unit" IN ('W', 'N')));
