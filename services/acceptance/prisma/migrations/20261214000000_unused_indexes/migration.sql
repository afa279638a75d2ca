-- An index no statement reads through, found by reading every statement on the table (services/acceptance/src/db/):
-- a case is read by its id, its live key (a project's part, unique) or its status, never by project alone. Every
-- case written updated it.
DROP INDEX IF EXISTS "acceptance_case_project_id_idx";
