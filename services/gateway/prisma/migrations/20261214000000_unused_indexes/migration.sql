-- `ticket (registered_at, id)` was for a list of tickets newest registered first, which the agent's desk does not
-- use: it pages by due day (due_on, id), and a project's tickets were read by the one method nothing called (removed
-- with this migration). Every ticket applied to the read model updated it.
DROP INDEX IF EXISTS "ticket_registered_at_id_idx";
