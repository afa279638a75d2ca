-- An index no statement reads through, found by reading every statement on the table (services/registration/src/db/):
-- a certificate is read by its id or its source key (unique); a project's certificates are the gateway's read model.
DROP INDEX IF EXISTS "certificate_project_id_idx";
