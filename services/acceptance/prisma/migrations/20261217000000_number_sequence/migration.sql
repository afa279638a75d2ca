-- 联合验收意见书 numbers run per region and year (`opinion/<region>/<year>` → LHYS-<region>-<year>-<6-digit number>),
-- the next taken under the scope's row lock in the transaction that stores the pass. Cases passed before this migration
-- keep the number they were given (LHYS-<day>-<12 hex digits of the case id>); no scope counts them.
CREATE TABLE "number_sequence" (
    "scope" TEXT NOT NULL,
    "last" INTEGER NOT NULL,

    CONSTRAINT "number_sequence_pkey" PRIMARY KEY ("scope")
);
