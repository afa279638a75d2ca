-- 失信 (004:2235): acceptance's copy of intake's dishonesty list, from its dishonest-owner.listed / .delisted events. A
-- delisted owner keeps its row (`listed` false) with the version of its delisting, so a listing redelivered after it,
-- with a lower version, changes nothing. A listed owner may not name `commitments` (告知承诺) on its applications.
CREATE TABLE "dishonest_owner" (
    "credit_code" TEXT NOT NULL,
    "listed" BOOLEAN NOT NULL,
    "version" INTEGER NOT NULL,
    "changed_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "dishonest_owner_pkey" PRIMARY KEY ("credit_code")
);
