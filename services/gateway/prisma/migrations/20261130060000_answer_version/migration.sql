-- What a built answer was built from, so the gateway can keep an answer and know, in the round trip it reads
-- anyway, whether it still holds (docs/architecture.md "Answers kept while they hold"). A scope is
-- `project:<id>` (everything the status of one project reads) or `inbox:<department>` (every task row of one
-- department). Its version moves in the same transaction as the rows, by the triggers below, so no writer can
-- forget it: the reader's batches, an admin's replay, a repair by hand. (TRUNCATE fires no row trigger; nothing
-- truncates the read model, and a rebuild that did would have to restart the gateways, whose kept answers live in
-- memory only.) A scope without a row has never changed
-- since this migration and reads as version 0; every change takes a new number from one sequence, so a version is
-- never given twice, even to a scope whose row was deleted.
-- CreateTable
CREATE TABLE "answer_version" (
    "scope" TEXT NOT NULL,
    "version" BIGINT NOT NULL,

    CONSTRAINT "answer_version_pkey" PRIMARY KEY ("scope")
);

CREATE SEQUENCE "answer_version_seq";

-- Row triggers, each scope's upsert written in the trigger itself (a nested SQL function call cost as much again),
-- and a task's two scopes in one statement. Measured on the bench's read model: EXPLAIN ANALYZE of an UPDATE of 6,000
-- task rows and an INSERT of 6,000 timeline entries (docs/performance.md).

-- The project row itself (its id is the project).
CREATE FUNCTION "project_answer_changed"() RETURNS TRIGGER
    LANGUAGE plpgsql
AS $$
BEGIN
  IF TG_OP <> 'DELETE' THEN
    INSERT INTO answer_version (scope, version) VALUES ('project:' || NEW.id, nextval('answer_version_seq'))
    ON CONFLICT (scope) DO UPDATE SET version = EXCLUDED.version;
  END IF;
  IF TG_OP = 'DELETE' OR (TG_OP = 'UPDATE' AND OLD.id IS DISTINCT FROM NEW.id) THEN
    INSERT INTO answer_version (scope, version) VALUES ('project:' || OLD.id, nextval('answer_version_seq'))
    ON CONFLICT (scope) DO UPDATE SET version = EXCLUDED.version;
  END IF;
  RETURN NULL;
END
$$;

-- A row of a project's status (its project_id).
CREATE FUNCTION "project_part_changed"() RETURNS TRIGGER
    LANGUAGE plpgsql
AS $$
BEGIN
  IF TG_OP <> 'DELETE' THEN
    INSERT INTO answer_version (scope, version) VALUES ('project:' || NEW.project_id, nextval('answer_version_seq'))
    ON CONFLICT (scope) DO UPDATE SET version = EXCLUDED.version;
  END IF;
  IF TG_OP = 'DELETE' OR (TG_OP = 'UPDATE' AND OLD.project_id IS DISTINCT FROM NEW.project_id) THEN
    INSERT INTO answer_version (scope, version) VALUES ('project:' || OLD.project_id, nextval('answer_version_seq'))
    ON CONFLICT (scope) DO UPDATE SET version = EXCLUDED.version;
  END IF;
  RETURN NULL;
END
$$;

-- A task: part of its project's status and of its department's inbox.
CREATE FUNCTION "task_answer_changed"() RETURNS TRIGGER
    LANGUAGE plpgsql
AS $$
BEGIN
  IF TG_OP <> 'DELETE' THEN
    INSERT INTO answer_version (scope, version)
    VALUES ('project:' || NEW.project_id, nextval('answer_version_seq')),
           ('inbox:' || NEW.department, nextval('answer_version_seq'))
    ON CONFLICT (scope) DO UPDATE SET version = EXCLUDED.version;
  END IF;
  IF TG_OP = 'DELETE' OR (TG_OP = 'UPDATE' AND OLD.project_id IS DISTINCT FROM NEW.project_id) THEN
    INSERT INTO answer_version (scope, version) VALUES ('project:' || OLD.project_id, nextval('answer_version_seq'))
    ON CONFLICT (scope) DO UPDATE SET version = EXCLUDED.version;
  END IF;
  IF TG_OP = 'DELETE' OR (TG_OP = 'UPDATE' AND OLD.department IS DISTINCT FROM NEW.department) THEN
    INSERT INTO answer_version (scope, version) VALUES ('inbox:' || OLD.department, nextval('answer_version_seq'))
    ON CONFLICT (scope) DO UPDATE SET version = EXCLUDED.version;
  END IF;
  RETURN NULL;
END
$$;

CREATE TRIGGER "answer_version" AFTER INSERT OR UPDATE OR DELETE ON "project"
    FOR EACH ROW EXECUTE FUNCTION project_answer_changed();
CREATE TRIGGER "answer_version" AFTER INSERT OR UPDATE OR DELETE ON "task"
    FOR EACH ROW EXECUTE FUNCTION task_answer_changed();
CREATE TRIGGER "answer_version" AFTER INSERT OR UPDATE OR DELETE ON "application"
    FOR EACH ROW EXECUTE FUNCTION project_part_changed();
CREATE TRIGGER "answer_version" AFTER INSERT OR UPDATE OR DELETE ON "deficiency"
    FOR EACH ROW EXECUTE FUNCTION project_part_changed();
CREATE TRIGGER "answer_version" AFTER INSERT OR UPDATE OR DELETE ON "supplement_notice"
    FOR EACH ROW EXECUTE FUNCTION project_part_changed();
CREATE TRIGGER "answer_version" AFTER INSERT OR UPDATE OR DELETE ON "clock_alert"
    FOR EACH ROW EXECUTE FUNCTION project_part_changed();
CREATE TRIGGER "answer_version" AFTER INSERT OR UPDATE OR DELETE ON "timeline_entry"
    FOR EACH ROW EXECUTE FUNCTION project_part_changed();
CREATE TRIGGER "answer_version" AFTER INSERT OR UPDATE OR DELETE ON "acceptance_case"
    FOR EACH ROW EXECUTE FUNCTION project_part_changed();
CREATE TRIGGER "answer_version" AFTER INSERT OR UPDATE OR DELETE ON "utility_request"
    FOR EACH ROW EXECUTE FUNCTION project_part_changed();
CREATE TRIGGER "answer_version" AFTER INSERT OR UPDATE OR DELETE ON "registration_case"
    FOR EACH ROW EXECUTE FUNCTION project_part_changed();
CREATE TRIGGER "answer_version" AFTER INSERT OR UPDATE OR DELETE ON "certificate"
    FOR EACH ROW EXECUTE FUNCTION project_part_changed();
