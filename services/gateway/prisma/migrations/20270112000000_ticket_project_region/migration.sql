-- A 12345 ticket that names a project and no region is about the project's region, whoever registers it (docs/hotline.md
-- "A ticket's region"): an owner online, the centre's agent for a caller, a window clerk for an applicant. Until now
-- only the owner's took it, from the project it reads; an agent reads no project, so its ticket stayed of no region
-- and no regional reviewer or lead of its units could see it. The gateway now asks the project's region as a fact,
-- as project_in_caller_region (20270102000000_caller_region) does: SECURITY DEFINER, answered only to a caller who
-- registers tickets — the agent and the clerk any project's (they link what the requester names), an owner its own.
-- The read model's project, else the project the gateway promised on answering 201 and has not applied yet
-- (`pending_write`, whose region intake answered); NULL for a project unknown or without a region.
CREATE FUNCTION ticket_project_region(project uuid) RETURNS text
LANGUAGE sql STABLE SECURITY DEFINER SET search_path FROM CURRENT AS $$
  SELECT coalesce(
    (SELECT p.region FROM project p
      WHERE p.id = $1 AND (caller_role() <> 'owner' OR p.owner_credit_code = caller_credit_code())),
    (SELECT w.region FROM pending_write w
      WHERE w.id = $1 AND w.kind = 'project-registered'
        AND (caller_role() <> 'owner' OR w.owner_credit_code = caller_credit_code())))
  WHERE caller_role() IN ('agent', 'clerk', 'owner') $$;
