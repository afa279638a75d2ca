-- Indexes no statement reads through, found with pg_stat_user_indexes after a bench:e2e run (BENCH_INDEX_USE=1: 0
-- scans) and by reading every statement on each table (services/approval/src/db/); each row written updated them.
-- `task (department, status)`: a department's inbox is the gateway's read model (GET /api/v1/tasks), so nothing here
-- selects by department. `task (status)`: every select by status (the clock scan, a calendar's re-projection, the
-- commitment timer) is served by (status, look_on), whose first column is status.
DROP INDEX IF EXISTS "task_department_status_idx";

DROP INDEX IF EXISTS "task_status_idx";

-- `supplement_notice (application_id)`: a notice is read by its id or by `open_for` (its own unique index).
DROP INDEX IF EXISTS "supplement_notice_application_id_idx";
