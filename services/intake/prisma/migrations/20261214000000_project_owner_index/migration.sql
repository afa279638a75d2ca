-- An index of `project` no statement reads through: intake reads a project by its id or its code, and an owner's
-- projects are listed from the gateway's read model (GET /api/v1/projects), never here. Found with
-- pg_stat_user_indexes after a bench:e2e run (BENCH_INDEX_USE=1: 0 scans) and by reading every statement on the table
-- (services/intake/src/db/). Every project registered wrote it.
DROP INDEX IF EXISTS "project_owner_credit_code_idx";
