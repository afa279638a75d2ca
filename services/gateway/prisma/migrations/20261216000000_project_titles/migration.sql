-- A project's title — its name, its code (项目代码) and where it is — for the callers who work on a part of it but may
-- not read the project's row: a registrar the projects of the registration cases (every registrar reads every case),
-- a utility provider the projects of its own requests. Their lists named a project by its id alone. The project's own
-- policy stays as it is (its row holds the owner's credit code and the investment, which these roles have no need
-- of); this answers the three columns and nothing else, for the ids asked that the caller has a row of, and answers
-- the callers who may read the project anyway as its policy would. SECURITY DEFINER, as `caller_sees_project`: run
-- as the owner, so the rows it looks through are not filtered by the caller's policies a second time.
CREATE FUNCTION project_titles(ids uuid[]) RETURNS TABLE (id uuid, name text, project_code text, location text)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path FROM CURRENT AS $$
  SELECT p.id, p.name, p.project_code, p.location
    FROM project p
   WHERE p.id = ANY ($1)
     AND (caller_sees_all()
          OR (caller_role() = 'registrar' AND EXISTS (SELECT 1 FROM registration_case r WHERE r.project_id = p.id))
          OR (caller_role() = 'utility'
              AND EXISTS (SELECT 1 FROM utility_request u WHERE u.project_id = p.id AND u.provider = caller_provider()))
          OR p.id = caller_project()
          OR caller_sees_project(p.id))
$$;
