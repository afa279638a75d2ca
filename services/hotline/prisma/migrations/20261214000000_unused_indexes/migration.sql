-- Indexes no statement reads through, found by reading every statement on the table (services/hotline/src/db/): a
-- ticket is read here by its id, by its day to be looked at (look_on, id) and, for a calendar's re-projection, every
-- ticket not closed in id order. The lists by department, owner, project or group are the gateway's read model
-- (its own `ticket` table). Every ticket written updated all four.
DROP INDEX IF EXISTS "ticket_department_status_idx";

DROP INDEX IF EXISTS "ticket_owner_credit_code_idx";

DROP INDEX IF EXISTS "ticket_project_id_idx";

DROP INDEX IF EXISTS "ticket_group_id_idx";
