-- 撤销 of a permit decision before its certificate was issued (the certificate withheld while 容缺 materials were owed,
-- then revoked on the finding that they were not made good, 004:1860): kept by the certificate's would-be source key,
-- so that the release a late cure still sends issues nothing for it.
CREATE TABLE "revoked_permit_decision" (
    "source_key" TEXT NOT NULL,
    "revoked_on" DATE NOT NULL,
    "reason" TEXT NOT NULL,
    "revoked_by" TEXT NOT NULL,
    "revoked_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "revoked_permit_decision_pkey" PRIMARY KEY ("source_key")
);
