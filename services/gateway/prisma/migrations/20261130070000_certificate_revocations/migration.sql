-- CreateTable
CREATE TABLE "certificate_revocation" (
    "certificate_id" UUID NOT NULL,
    "seq" SERIAL NOT NULL,
    "project_id" UUID NOT NULL,
    "number" TEXT NOT NULL,
    "revoked_on" DATE NOT NULL,
    "reason" TEXT NOT NULL,
    "revoked_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "certificate_revocation_pkey" PRIMARY KEY ("certificate_id")
);

-- CreateIndex
CREATE UNIQUE INDEX "certificate_revocation_seq_key" ON "certificate_revocation"("seq");
