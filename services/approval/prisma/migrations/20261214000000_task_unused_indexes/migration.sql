-- Two indexes of `task` no statement reads through any more: a department's inbox is the gateway's read model
-- (GET /api/v1/tasks), so nothing here selects by (department, status); and every select by status (the clock scan,
-- a calendar's re-projection, the commitment timer) is served by (status, look_on), whose first column is status.
-- Found with pg_stat_user_indexes after a bench:e2e run (0 scans) and by reading every statement on the table
-- (services/approval/src/db/). Each task written or moved to another status updated both.
DROP INDEX IF EXISTS "task_department_status_idx";

DROP INDEX IF EXISTS "task_status_idx";
