-- A certificate's 发证机关 (issuer): a permit's deciding department, a property certificate's registration office, as
-- the signed body names it (packages/contracts CertificateBody.issuer). Beside kind, number, title and item; null for a
-- certificate issued before bodies carried one. The rows already projected take it from their own signed body, so a
-- column and the body it came from never disagree (the update moves those projects' answer versions, so no answer
-- kept before it is sent again).
ALTER TABLE "certificate" ADD COLUMN "issuer" TEXT;

UPDATE "certificate" SET "issuer" = "signed" -> 'body' ->> 'issuer' WHERE "signed" -> 'body' ->> 'issuer' IS NOT NULL;
