-- Every change of what a kept answer was built from is told to every gateway process, so a process can send an
-- answer it keeps in memory without a statement to confirm it (docs/architecture.md "Answers kept while they hold").
-- The scope whose version moved is the payload, on the channel `<schema>.answer`; PostgreSQL sends it when the
-- transaction commits, and a transaction naming one scope many times sends it once. pending_write moves no version
-- (a promise is read beside the answer, not built into it) but is shown with it, so its changes are told too.
CREATE FUNCTION "answer_version_told"() RETURNS TRIGGER
    LANGUAGE plpgsql
AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    PERFORM pg_notify(current_schema() || '.answer', OLD.scope);
  ELSE
    PERFORM pg_notify(current_schema() || '.answer', NEW.scope);
  END IF;
  RETURN NULL;
END
$$;

CREATE TRIGGER "answer_told" AFTER INSERT OR UPDATE OR DELETE ON "answer_version"
    FOR EACH ROW EXECUTE FUNCTION answer_version_told();

CREATE FUNCTION "pending_write_told"() RETURNS TRIGGER
    LANGUAGE plpgsql
AS $$
BEGIN
  IF TG_OP <> 'INSERT' THEN
    PERFORM pg_notify(current_schema() || '.answer', 'project:' || OLD.project_id);
  END IF;
  IF TG_OP <> 'DELETE' THEN
    PERFORM pg_notify(current_schema() || '.answer', 'project:' || NEW.project_id);
  END IF;
  RETURN NULL;
END
$$;

CREATE TRIGGER "answer_told" AFTER INSERT OR UPDATE OR DELETE ON "pending_write"
    FOR EACH ROW EXECUTE FUNCTION pending_write_told();
