-- 证照异议 (004:1134 第二十四条 电子证照数据闭环管理): a department using an electronic certificate disputes its accuracy
-- or completeness; the issuing department checks it and answers. `state` is the whole objection
-- (CertificateObjectionSnapshot); `issuer`, `raised_by` and `status` are copies for the two departments' lists and for
-- the rule of one open objection per certificate and using department, which the partial unique index holds even
-- when two raise at once.
CREATE TABLE "certificate_objection" (
    "id" UUID NOT NULL,
    "certificate_id" UUID NOT NULL,
    "issuer" TEXT NOT NULL,
    "raised_by" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "state" JSONB NOT NULL,
    "raised_at" TIMESTAMPTZ(3) NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "certificate_objection_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "certificate_objection_certificate_id_fkey" FOREIGN KEY ("certificate_id") REFERENCES "certificate"("id")
        ON DELETE RESTRICT ON UPDATE CASCADE
);

CREATE UNIQUE INDEX "certificate_objection_one_open_idx" ON "certificate_objection"("certificate_id", "raised_by")
    WHERE "status" = 'open';
CREATE INDEX "certificate_objection_issuer_raised_at_idx" ON "certificate_objection"("issuer", "raised_at" DESC);
CREATE INDEX "certificate_objection_raised_by_raised_at_idx" ON "certificate_objection"("raised_by", "raised_at" DESC);
