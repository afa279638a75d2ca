-- 失信 (docs/intake.md#the-dishonesty-list-失信): why the owner is listed, as the administrator gave it (at most 500
-- characters, checked by the route). NULL for a listing made before reasons were kept.
ALTER TABLE "dishonest_owner" ADD COLUMN "reason" TEXT;
