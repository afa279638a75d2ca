-- 建设单位 of each project, copied from its registration, so a hookup request opened for it names whom the provider
-- serves (docs/utility.md#whom-the-provider-calls). Null for projects copied before: their requests carry no owner.
ALTER TABLE "project" ADD COLUMN "owner_name" TEXT, ADD COLUMN "owner_credit_code" TEXT;
