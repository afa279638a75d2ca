-- CreateTable
CREATE TABLE "certificate_revocation" (
    "certificate_id" UUID NOT NULL,
    "revoked_on" DATE NOT NULL,
    "reason" TEXT NOT NULL,
    "revoked_by" TEXT NOT NULL,
    "revoked_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "certificate_revocation_pkey" PRIMARY KEY ("certificate_id")
);

-- AddForeignKey
ALTER TABLE "certificate_revocation" ADD CONSTRAINT "certificate_revocation_certificate_id_fkey" FOREIGN KEY ("certificate_id") REFERENCES "certificate"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
