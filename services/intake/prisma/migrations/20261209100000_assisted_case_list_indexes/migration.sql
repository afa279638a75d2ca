-- 帮办代办: the case list pages newest change first by the keyset (updated_at, id), for one helper, one state or every
-- case (docs/assisted-service.md, "Roles and routes"). Each filter gets an index that ends in the keyset, so a page
-- reads its rows in order instead of sorting the whole table; the helper's index replaces the one on helper_sub alone.
DROP INDEX "assisted_case_helper_sub_idx";

CREATE INDEX "assisted_case_helper_sub_updated_at_id_idx" ON "assisted_case"("helper_sub", "updated_at", "id");

CREATE INDEX "assisted_case_status_updated_at_id_idx" ON "assisted_case"("status", "updated_at", "id");

CREATE INDEX "assisted_case_updated_at_id_idx" ON "assisted_case"("updated_at", "id");
