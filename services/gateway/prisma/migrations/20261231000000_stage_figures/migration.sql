-- The supervision figures of the stages after the approval steps (全流程: the office records and analyses the time of
-- every item through completion acceptance and utility connection, seeds 004:2327, 004:1794): a decided joint
-- acceptance case (联合验收), a completed first registration (不动产首次登记), a connected utility request (报装).
--
-- Each case row keeps what a decided task row keeps (20261203010000_supervision_stats): the day it ended
-- (Asia/Shanghai), `approved` or `rejected` (a failed acceptance), and what its clock counted to that day in working
-- days — counted by the projection with packages/workdays when it applies the snapshot that ends the case
-- (src/domain/stage-figures.ts). The same roll-up holds them (one mechanism, one read statement): a `stage` column
-- beside its keys, `approval` for the tasks. A case's rows have no step and no item (''); their department is the
-- acceptance's lead (牵头部门) or the utility's provider, and none ('') for a registration.
ALTER TABLE "acceptance_case" ADD COLUMN "decided_on" DATE, ADD COLUMN "outcome" TEXT,
  ADD COLUMN "workdays_used_net" INTEGER, ADD COLUMN "workdays_used_gross" INTEGER,
  ADD COLUMN "special_procedure_days" INTEGER, ADD COLUMN "overdue" BOOLEAN, ADD COLUMN "unmeasured" TEXT;
ALTER TABLE "registration_case" ADD COLUMN "decided_on" DATE, ADD COLUMN "outcome" TEXT,
  ADD COLUMN "workdays_used_net" INTEGER, ADD COLUMN "workdays_used_gross" INTEGER,
  ADD COLUMN "special_procedure_days" INTEGER, ADD COLUMN "overdue" BOOLEAN, ADD COLUMN "unmeasured" TEXT;
ALTER TABLE "utility_request" ADD COLUMN "decided_on" DATE, ADD COLUMN "outcome" TEXT,
  ADD COLUMN "workdays_used_net" INTEGER, ADD COLUMN "workdays_used_gross" INTEGER,
  ADD COLUMN "special_procedure_days" INTEGER, ADD COLUMN "overdue" BOOLEAN, ADD COLUMN "unmeasured" TEXT;

-- Cases that ended before this migration: decided on their day, not measured (their working days need the calendar,
-- which SQL does not have); a later snapshot of the case counts them.
UPDATE "acceptance_case"
   SET decided_on = ((snapshot ->> 'decidedAt')::timestamptz AT TIME ZONE 'Asia/Shanghai')::date,
       outcome = CASE status WHEN 'passed' THEN 'approved' ELSE 'rejected' END,
       unmeasured = 'ended before its figures were kept'
 WHERE status IN ('passed', 'failed') AND snapshot ? 'decidedAt';
UPDATE "registration_case"
   SET decided_on = ((snapshot ->> 'completedAt')::timestamptz AT TIME ZONE 'Asia/Shanghai')::date,
       outcome = 'approved', unmeasured = 'ended before its figures were kept'
 WHERE status = 'completed' AND snapshot ? 'completedAt';
UPDATE "utility_request"
   SET decided_on = ((snapshot ->> 'connectedAt')::timestamptz AT TIME ZONE 'Asia/Shanghai')::date,
       outcome = 'approved', unmeasured = 'ended before its figures were kept'
 WHERE stage = 'connected' AND snapshot ? 'connectedAt';

ALTER TABLE "decided_figures_rollup"
  ADD COLUMN "stage" TEXT NOT NULL DEFAULT 'approval'
    CHECK ("stage" IN ('approval', 'joint-acceptance', 'first-registration', 'utility-connection'));
ALTER TABLE "decided_figures_rollup" DROP CONSTRAINT "decided_figures_rollup_pkey",
  ADD CONSTRAINT "decided_figures_rollup_pkey" PRIMARY KEY ("stage", "span", "period", "region", "step", "department", "item");

-- One decided row's part in the roll-up, times `sign`, under its project's region and '*': what
-- `decided_figures_apply` did for a task, for any stage.
CREATE FUNCTION figures_apply(stage text, project_region text, step text, department text, item text, decided_on date,
                              outcome text, on_commitment boolean, supplement_rounds integer, net integer,
                              gross integer, special integer, overdue boolean, sign integer) RETURNS void
LANGUAGE plpgsql AS $$
#variable_conflict use_variable
DECLARE
  span_period record;
BEGIN
  IF decided_on IS NULL OR outcome IS NULL OR outcome NOT IN ('approved', 'rejected') THEN
    RETURN;
  END IF;
  FOR span_period IN SELECT * FROM (VALUES ('day', decided_on, coalesce(project_region, '')),
                                           ('month', date_trunc('month', decided_on)::date, coalesce(project_region, '')),
                                           ('day', decided_on, '*'),
                                           ('month', date_trunc('month', decided_on)::date, '*'))
                                   AS v(span, period, region) LOOP
    INSERT INTO decided_figures_rollup AS r
      (stage, span, period, region, step, department, item, decided, approved, rejected, on_commitment, rounds_known,
       supplement_rounds, overdue_known, overdue, special_procedure_known, special_procedure_days, gross_days,
       net_histogram, gross_histogram)
    VALUES (stage, span_period.span, span_period.period, span_period.region, coalesce(step, ''),
            coalesce(department, ''), coalesce(item, ''),
            sign, sign * (outcome = 'approved')::int, sign * (outcome = 'rejected')::int,
            sign * coalesce(on_commitment::int, 0), sign * (supplement_rounds IS NOT NULL)::int,
            sign * coalesce(supplement_rounds, 0), sign * (overdue IS NOT NULL)::int,
            sign * coalesce(overdue::int, 0), sign * (special IS NOT NULL)::int,
            sign * coalesce(special, 0), sign * coalesce(gross, 0),
            CASE WHEN net IS NULL THEN '{}'::jsonb ELSE jsonb_build_object(net::text, sign) END,
            CASE WHEN gross IS NULL THEN '{}'::jsonb ELSE jsonb_build_object(gross::text, sign) END)
    ON CONFLICT ON CONSTRAINT decided_figures_rollup_pkey DO UPDATE SET
      decided = r.decided + EXCLUDED.decided, approved = r.approved + EXCLUDED.approved,
      rejected = r.rejected + EXCLUDED.rejected, on_commitment = r.on_commitment + EXCLUDED.on_commitment,
      rounds_known = r.rounds_known + EXCLUDED.rounds_known,
      supplement_rounds = r.supplement_rounds + EXCLUDED.supplement_rounds,
      overdue_known = r.overdue_known + EXCLUDED.overdue_known, overdue = r.overdue + EXCLUDED.overdue,
      special_procedure_known = r.special_procedure_known + EXCLUDED.special_procedure_known,
      special_procedure_days = r.special_procedure_days + EXCLUDED.special_procedure_days,
      gross_days = r.gross_days + EXCLUDED.gross_days,
      net_histogram = figures_histogram_add(r.net_histogram, EXCLUDED.net_histogram, 1),
      gross_histogram = figures_histogram_add(r.gross_histogram, EXCLUDED.gross_histogram, 1);
  END LOOP;
  -- A group whose last row left is no row at all, as a rebuild would have none.
  DELETE FROM decided_figures_rollup r
   WHERE r.decided = 0 AND r.stage = figures_apply.stage AND r.region IN (coalesce(project_region, ''), '*')
     AND r.step = coalesce(figures_apply.step, '') AND r.department = coalesce(figures_apply.department, '')
     AND r.item = coalesce(figures_apply.item, '')
     AND ((r.span = 'day' AND r.period = figures_apply.decided_on)
          OR (r.span = 'month' AND r.period = date_trunc('month', figures_apply.decided_on)::date));
END $$;

-- A task's part: the same function, stage `approval` (replaces 20261204010000's body).
CREATE OR REPLACE FUNCTION decided_figures_apply(t task, project_region text, sign integer) RETURNS void
LANGUAGE sql AS $$
  SELECT figures_apply('approval', project_region, t.step, t.department, t.item, t.decided_on, t.outcome,
                       t.on_commitment, t.supplement_rounds, t.workdays_used_net, t.workdays_used_gross,
                       t.special_procedure_days, t.overdue, sign) $$;

-- A case row's part (`to_jsonb` of an acceptance_case, registration_case or utility_request row), its department from
-- the column `department_column` names ('' for none).
CREATE FUNCTION stage_figures_apply(stage text, department_column text, c jsonb, project_region text, sign integer)
RETURNS void
LANGUAGE sql AS $$
  SELECT figures_apply(stage, project_region, '', coalesce(c ->> department_column, ''), '',
                       (c ->> 'decided_on')::date, c ->> 'outcome', NULL, NULL, (c ->> 'workdays_used_net')::int,
                       (c ->> 'workdays_used_gross')::int, (c ->> 'special_procedure_days')::int,
                       (c ->> 'overdue')::boolean, sign) $$;

-- A case row written: its old figures out, its new ones in. TG_ARGV: the stage, the department's column.
CREATE FUNCTION stage_figures_changed() RETURNS TRIGGER
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    PERFORM stage_figures_apply(TG_ARGV[0], TG_ARGV[1], to_jsonb(OLD),
                                (SELECT p.region FROM project p WHERE p.id = OLD.project_id), -1);
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    PERFORM stage_figures_apply(TG_ARGV[0], TG_ARGV[1], to_jsonb(NEW),
                                (SELECT p.region FROM project p WHERE p.id = NEW.project_id), 1);
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER "decided_figures_insert" AFTER INSERT ON "acceptance_case"
  FOR EACH ROW WHEN (NEW.decided_on IS NOT NULL) EXECUTE FUNCTION stage_figures_changed('joint-acceptance', 'lead');
CREATE TRIGGER "decided_figures_update" AFTER UPDATE ON "acceptance_case"
  FOR EACH ROW WHEN ((OLD.decided_on IS NOT NULL OR NEW.decided_on IS NOT NULL)
    AND (OLD.decided_on, OLD.outcome, OLD.workdays_used_net, OLD.workdays_used_gross, OLD.special_procedure_days,
         OLD.overdue, OLD.lead, OLD.project_id)
        IS DISTINCT FROM
        (NEW.decided_on, NEW.outcome, NEW.workdays_used_net, NEW.workdays_used_gross, NEW.special_procedure_days,
         NEW.overdue, NEW.lead, NEW.project_id))
  EXECUTE FUNCTION stage_figures_changed('joint-acceptance', 'lead');
CREATE TRIGGER "decided_figures_delete" AFTER DELETE ON "acceptance_case"
  FOR EACH ROW WHEN (OLD.decided_on IS NOT NULL) EXECUTE FUNCTION stage_figures_changed('joint-acceptance', 'lead');

CREATE TRIGGER "decided_figures_insert" AFTER INSERT ON "registration_case"
  FOR EACH ROW WHEN (NEW.decided_on IS NOT NULL) EXECUTE FUNCTION stage_figures_changed('first-registration', '');
CREATE TRIGGER "decided_figures_update" AFTER UPDATE ON "registration_case"
  FOR EACH ROW WHEN ((OLD.decided_on IS NOT NULL OR NEW.decided_on IS NOT NULL)
    AND (OLD.decided_on, OLD.outcome, OLD.workdays_used_net, OLD.workdays_used_gross, OLD.special_procedure_days,
         OLD.overdue, OLD.project_id)
        IS DISTINCT FROM
        (NEW.decided_on, NEW.outcome, NEW.workdays_used_net, NEW.workdays_used_gross, NEW.special_procedure_days,
         NEW.overdue, NEW.project_id))
  EXECUTE FUNCTION stage_figures_changed('first-registration', '');
CREATE TRIGGER "decided_figures_delete" AFTER DELETE ON "registration_case"
  FOR EACH ROW WHEN (OLD.decided_on IS NOT NULL) EXECUTE FUNCTION stage_figures_changed('first-registration', '');

CREATE TRIGGER "decided_figures_insert" AFTER INSERT ON "utility_request"
  FOR EACH ROW WHEN (NEW.decided_on IS NOT NULL) EXECUTE FUNCTION stage_figures_changed('utility-connection', 'provider');
CREATE TRIGGER "decided_figures_update" AFTER UPDATE ON "utility_request"
  FOR EACH ROW WHEN ((OLD.decided_on IS NOT NULL OR NEW.decided_on IS NOT NULL)
    AND (OLD.decided_on, OLD.outcome, OLD.workdays_used_net, OLD.workdays_used_gross, OLD.special_procedure_days,
         OLD.overdue, OLD.provider, OLD.project_id)
        IS DISTINCT FROM
        (NEW.decided_on, NEW.outcome, NEW.workdays_used_net, NEW.workdays_used_gross, NEW.special_procedure_days,
         NEW.overdue, NEW.provider, NEW.project_id))
  EXECUTE FUNCTION stage_figures_changed('utility-connection', 'provider');
CREATE TRIGGER "decided_figures_delete" AFTER DELETE ON "utility_request"
  FOR EACH ROW WHEN (OLD.decided_on IS NOT NULL) EXECUTE FUNCTION stage_figures_changed('utility-connection', 'provider');

-- A project's region set or changed: its decided tasks and ended cases move to the new region's rows.
CREATE OR REPLACE FUNCTION project_region_changed() RETURNS TRIGGER
LANGUAGE plpgsql AS $$
DECLARE
  t task;
  c jsonb;
  old_region text;
BEGIN
  IF TG_OP = 'UPDATE' THEN
    old_region := OLD.region;
  END IF;
  FOR t IN SELECT * FROM task WHERE project_id = NEW.id AND decided_on IS NOT NULL LOOP
    PERFORM decided_figures_apply(t, old_region, -1);
    PERFORM decided_figures_apply(t, NEW.region, 1);
  END LOOP;
  FOR c IN SELECT to_jsonb(a) FROM acceptance_case a WHERE a.project_id = NEW.id AND a.decided_on IS NOT NULL LOOP
    PERFORM stage_figures_apply('joint-acceptance', 'lead', c, old_region, -1);
    PERFORM stage_figures_apply('joint-acceptance', 'lead', c, NEW.region, 1);
  END LOOP;
  FOR c IN SELECT to_jsonb(r) FROM registration_case r WHERE r.project_id = NEW.id AND r.decided_on IS NOT NULL LOOP
    PERFORM stage_figures_apply('first-registration', '', c, old_region, -1);
    PERFORM stage_figures_apply('first-registration', '', c, NEW.region, 1);
  END LOOP;
  FOR c IN SELECT to_jsonb(u) FROM utility_request u WHERE u.project_id = NEW.id AND u.decided_on IS NOT NULL LOOP
    PERFORM stage_figures_apply('utility-connection', 'provider', c, old_region, -1);
    PERFORM stage_figures_apply('utility-connection', 'provider', c, NEW.region, 1);
  END LOOP;
  RETURN NULL;
END $$;

-- The roll-up computed afresh from the task and case rows (replaces 20261204010000's).
CREATE OR REPLACE FUNCTION decided_figures_rollup_rebuild() RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM decided_figures_rollup;
  INSERT INTO decided_figures_rollup
    (stage, span, period, region, step, department, item, decided, approved, rejected, on_commitment, rounds_known,
     supplement_rounds, overdue_known, overdue, special_procedure_known, special_procedure_days, gross_days,
     net_histogram, gross_histogram)
  SELECT t.stage, s.span, CASE s.span WHEN 'day' THEN t.decided_on ELSE date_trunc('month', t.decided_on)::date END,
         g.region, t.step, t.department, t.item,
         count(*), count(*) FILTER (WHERE t.outcome = 'approved'), count(*) FILTER (WHERE t.outcome = 'rejected'),
         count(*) FILTER (WHERE t.on_commitment), count(t.supplement_rounds), coalesce(sum(t.supplement_rounds), 0),
         count(t.overdue), count(*) FILTER (WHERE t.overdue), count(t.special_procedure_days),
         coalesce(sum(t.special_procedure_days), 0), coalesce(sum(t.workdays_used_gross), 0),
         figures_histogram(t.workdays_used_net), figures_histogram(t.workdays_used_gross)
    FROM (SELECT 'approval' AS stage, project_id, coalesce(step, '') AS step, department, item, decided_on, outcome,
                 on_commitment, supplement_rounds, workdays_used_net, workdays_used_gross, special_procedure_days,
                 overdue
            FROM task
          UNION ALL
          SELECT 'joint-acceptance', project_id, '', lead, '', decided_on, outcome, NULL, NULL, workdays_used_net,
                 workdays_used_gross, special_procedure_days, overdue
            FROM acceptance_case
          UNION ALL
          SELECT 'first-registration', project_id, '', '', '', decided_on, outcome, NULL, NULL, workdays_used_net,
                 workdays_used_gross, special_procedure_days, overdue
            FROM registration_case
          UNION ALL
          SELECT 'utility-connection', project_id, '', provider, '', decided_on, outcome, NULL, NULL,
                 workdays_used_net, workdays_used_gross, special_procedure_days, overdue
            FROM utility_request) AS t
         LEFT JOIN project p ON p.id = t.project_id, (VALUES ('day'), ('month')) AS s(span),
         LATERAL (VALUES (coalesce(p.region, '')), ('*')) AS g(region)
   WHERE t.decided_on IS NOT NULL AND t.outcome IN ('approved', 'rejected')
   GROUP BY 1, 2, 3, 4, 5, 6, 7;
END $$;

SELECT decided_figures_rollup_rebuild();
