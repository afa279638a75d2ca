-- Indexes no statement reads through, found with pg_stat_user_indexes after a bench:e2e run (BENCH_INDEX_USE=1: 0
-- scans) and by reading every statement on each table (services/intake/src/db/); each row written updated them.
-- `project (owner_credit_code)`: intake reads a project by its id or its code; an owner's projects are listed from
-- the gateway's read model (GET /api/v1/projects), never here.
DROP INDEX IF EXISTS "project_owner_credit_code_idx";

-- `submitted_material (application_id)`: materials are only inserted here (no application row is ever deleted, so
-- its foreign key never looks them up).
DROP INDEX IF EXISTS "submitted_material_application_id_idx";
