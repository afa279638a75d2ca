-- 联合踏勘 on the live stream: one proposal of a joint site survey rewrites the requests of several providers (every
-- request of the project at survey, whichever provider's), but a change named one provider, so the others' open lists
-- were not told of it. `providers` holds every provider whose request the event rewrote; each of them reads the change.
-- A change of one request names its provider in both, as before.
ALTER TABLE "change" ADD COLUMN "providers" TEXT[] NOT NULL DEFAULT ARRAY[]::TEXT[];

DROP POLICY caller_scope ON "change";
CREATE POLICY caller_scope ON "change" FOR SELECT USING (
  CASE WHEN ticket_id IS NULL THEN
    caller_sees_all()
    OR (caller_role() = 'owner' AND owner_credit_code = caller_credit_code())
    OR (caller_role() = 'reviewer'
        AND (department = caller_department() OR (department IS NULL AND caller_sees_project(project_id))))
    OR (caller_role() = 'lead' AND lead = caller_department())
    OR (caller_role() IN ('reviewer', 'lead') AND caller_department() = ANY (parties))
    OR (caller_role() = 'utility' AND event = 'utility'
        AND (provider = caller_provider() OR caller_provider() = ANY (providers)))
    OR (caller_role() = 'registrar' AND event IN ('registration', 'certificate'))
  ELSE
    caller_sees_all()
    OR caller_role() = 'agent'
    OR (caller_role() IN ('reviewer', 'lead')
        AND (department = caller_department() OR caller_department() = ANY (co_handlers)))
    OR (caller_role() = 'owner' AND owner_credit_code = caller_credit_code())
  END);
