-- Supervision figures kept per day and per month (issue 15, deliverable 1: p99 ≤ 200 ms over 100,000 projects). The
-- statement of 20261203010000_supervision_stats sorted every decided task of the range (percentile_cont): a year is
-- 400,000 values. This roll-up keeps, per decision day and per decision month × the project's region × step ×
-- department × item, the counts and sums the figures need and a histogram {working days: tasks} of the net and gross
-- working days used. Both are whole working days (INTEGER columns, counted by packages/workdays), so a merged
-- histogram gives the exact median and 90th percentile with percentile_cont's own interpolation
-- (src/db/stats.ts). A year reads 12 month rows and at most two partial months' day rows per group.
--
-- It is maintained by triggers on `task` (and on `project`'s region) in the statement that writes the row, so in the
-- read model's batch transaction: each changed row takes its old figures out and puts its new ones in. The task
-- upsert changes a row only for a newer version (`WHERE s.version < EXCLUDED.version`), so a redelivered or replayed
-- snapshot fires nothing and counts nothing twice; a task re-decided, withdrawn or closed moves or leaves the
-- figures with its row. `decided_figures_rollup_rebuild()` computes the same rows from `task` in one statement, for a
-- rebuild or a bulk load that bypassed the triggers (e2e/bench/supervision.bench.ts).
--
-- Each task counts in its project's region's rows and in the rows of region '*', every region together: the figures
-- without a region filter (the supervisor's usual view) read one row per day or month and group, not one per
-- district. Keys are NOT NULL for a primary key: '' stands for a task of no step, and for a task whose project is not
-- (yet) here (no region prefix matches it, as the per-task statement's `IN (… project …)` matched none; '*' has it).
-- A region filter is digits, so it never matches '*'.
CREATE TABLE "decided_figures_rollup" (
    "span" TEXT NOT NULL CHECK ("span" IN ('day', 'month')),
    -- The decision day, or the first day of the decision month.
    "period" DATE NOT NULL,
    "region" TEXT NOT NULL,
    "step" TEXT NOT NULL,
    "department" TEXT NOT NULL,
    "item" TEXT NOT NULL,
    -- Approved or rejected (a department's decision), of them approved, rejected, on commitment.
    "decided" INTEGER NOT NULL,
    "approved" INTEGER NOT NULL,
    "rejected" INTEGER NOT NULL,
    "on_commitment" INTEGER NOT NULL,
    -- Each sum beside the count of the values it sums (NULL values are left out, as avg and sum leave them out).
    "rounds_known" INTEGER NOT NULL,
    "supplement_rounds" BIGINT NOT NULL,
    "overdue_known" INTEGER NOT NULL,
    "overdue" INTEGER NOT NULL,
    "special_procedure_known" INTEGER NOT NULL,
    "special_procedure_days" BIGINT NOT NULL,
    "gross_days" BIGINT NOT NULL,
    -- {"<working days>": tasks}; a count that falls to 0 is removed, so equal figures are equal rows.
    "net_histogram" JSONB NOT NULL,
    "gross_histogram" JSONB NOT NULL,
    CONSTRAINT "decided_figures_rollup_pkey" PRIMARY KEY ("span", "period", "region", "step", "department", "item")
);

-- What the rows may be read by: the callers who read every task (a supervisor; clerk and admin as the task's policy
-- says), for whom the per-task statement saw every row too. Anyone else reads nothing: a sum cannot be cut to the
-- tasks a reviewer or a lead may see, and the route is the supervisor's. The writer owns the table and is exempt.
ALTER TABLE "decided_figures_rollup" ENABLE ROW LEVEL SECURITY;
CREATE POLICY caller_scope ON "decided_figures_rollup" FOR SELECT USING (caller_sees_all());

-- Histogram arithmetic: a + sign · b, key by key, zeros dropped.
CREATE FUNCTION figures_histogram_add(a jsonb, b jsonb, sign integer) RETURNS jsonb
LANGUAGE sql IMMUTABLE AS $$
  SELECT coalesce(jsonb_object_agg(k, n), '{}'::jsonb)
    FROM (SELECT k, sum(v) AS n
            FROM (SELECT key AS k, value::bigint AS v FROM jsonb_each_text(a)
                  UNION ALL SELECT key, sign * value::bigint FROM jsonb_each_text(b)) AS e
           GROUP BY k) AS s
   WHERE n <> 0 $$;

-- One task row's part in the roll-up, times `sign` (1 in, -1 out), under its project's region and '*': its day rows
-- and its month rows, or nothing for a task that is not a department's decision.
CREATE FUNCTION decided_figures_apply(t task, project_region text, sign integer) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  span_period record;
BEGIN
  IF t.decided_on IS NULL OR t.outcome IS NULL OR t.outcome NOT IN ('approved', 'rejected') THEN
    RETURN;
  END IF;
  FOR span_period IN SELECT * FROM (VALUES ('day', t.decided_on, coalesce(project_region, '')),
                                           ('month', date_trunc('month', t.decided_on)::date, coalesce(project_region, '')),
                                           ('day', t.decided_on, '*'),
                                           ('month', date_trunc('month', t.decided_on)::date, '*'))
                                   AS v(span, period, region) LOOP
    INSERT INTO decided_figures_rollup AS r
      (span, period, region, step, department, item, decided, approved, rejected, on_commitment, rounds_known,
       supplement_rounds, overdue_known, overdue, special_procedure_known, special_procedure_days, gross_days,
       net_histogram, gross_histogram)
    VALUES (span_period.span, span_period.period, span_period.region, coalesce(t.step, ''), t.department, t.item,
            sign, sign * (t.outcome = 'approved')::int, sign * (t.outcome = 'rejected')::int,
            sign * coalesce(t.on_commitment::int, 0), sign * (t.supplement_rounds IS NOT NULL)::int,
            sign * coalesce(t.supplement_rounds, 0), sign * (t.overdue IS NOT NULL)::int,
            sign * coalesce(t.overdue::int, 0), sign * (t.special_procedure_days IS NOT NULL)::int,
            sign * coalesce(t.special_procedure_days, 0), sign * coalesce(t.workdays_used_gross, 0),
            CASE WHEN t.workdays_used_net IS NULL THEN '{}'::jsonb
                 ELSE jsonb_build_object(t.workdays_used_net::text, sign) END,
            CASE WHEN t.workdays_used_gross IS NULL THEN '{}'::jsonb
                 ELSE jsonb_build_object(t.workdays_used_gross::text, sign) END)
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
  -- A group whose last task left is no row at all, as a rebuild would have none.
  DELETE FROM decided_figures_rollup r
   WHERE r.decided = 0 AND r.region IN (coalesce(project_region, ''), '*') AND r.step = coalesce(t.step, '')
     AND r.department = t.department AND r.item = t.item
     AND ((r.span = 'day' AND r.period = t.decided_on)
          OR (r.span = 'month' AND r.period = date_trunc('month', t.decided_on)::date));
END $$;

-- A task written: its old figures out, its new ones in, under its project's region.
CREATE FUNCTION task_figures_changed() RETURNS TRIGGER
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    PERFORM decided_figures_apply(OLD, (SELECT p.region FROM project p WHERE p.id = OLD.project_id), -1);
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    PERFORM decided_figures_apply(NEW, (SELECT p.region FROM project p WHERE p.id = NEW.project_id), 1);
  END IF;
  RETURN NULL;
END $$;

-- Only rows that are or were decided, and whose figures or keys changed, reach the function: the inbox's churn of open
-- tasks, and a later snapshot of a decided task with the same figures (a due day moved, a commitment verified), cost
-- a WHEN test.
CREATE TRIGGER "decided_figures_insert" AFTER INSERT ON "task"
  FOR EACH ROW WHEN (NEW.decided_on IS NOT NULL) EXECUTE FUNCTION task_figures_changed();
CREATE TRIGGER "decided_figures_update" AFTER UPDATE ON "task"
  FOR EACH ROW WHEN ((OLD.decided_on IS NOT NULL OR NEW.decided_on IS NOT NULL)
    AND (OLD.decided_on, OLD.outcome, OLD.on_commitment, OLD.supplement_rounds, OLD.workdays_used_net,
         OLD.workdays_used_gross, OLD.special_procedure_days, OLD.overdue, OLD.step, OLD.department, OLD.item,
         OLD.project_id)
        IS DISTINCT FROM
        (NEW.decided_on, NEW.outcome, NEW.on_commitment, NEW.supplement_rounds, NEW.workdays_used_net,
         NEW.workdays_used_gross, NEW.special_procedure_days, NEW.overdue, NEW.step, NEW.department, NEW.item,
         NEW.project_id))
  EXECUTE FUNCTION task_figures_changed();
CREATE TRIGGER "decided_figures_delete" AFTER DELETE ON "task"
  FOR EACH ROW WHEN (OLD.decided_on IS NOT NULL) EXECUTE FUNCTION task_figures_changed();

-- A project's region set or changed (a project projected after its tasks, or re-registered elsewhere): its decided
-- tasks move from the old region's rows to the new one's.
CREATE FUNCTION project_region_changed() RETURNS TRIGGER
LANGUAGE plpgsql AS $$
DECLARE
  t task;
  old_region text;
BEGIN
  IF TG_OP = 'UPDATE' THEN
    old_region := OLD.region;
  END IF;
  FOR t IN SELECT * FROM task WHERE project_id = NEW.id AND decided_on IS NOT NULL LOOP
    PERFORM decided_figures_apply(t, old_region, -1);
    PERFORM decided_figures_apply(t, NEW.region, 1);
  END LOOP;
  RETURN NULL;
END $$;

CREATE TRIGGER "decided_figures_project_insert" AFTER INSERT ON "project"
  FOR EACH ROW EXECUTE FUNCTION project_region_changed();
CREATE TRIGGER "decided_figures_project_region" AFTER UPDATE OF "region" ON "project"
  FOR EACH ROW WHEN (OLD.region IS DISTINCT FROM NEW.region) EXECUTE FUNCTION project_region_changed();

-- Histograms summed in an aggregate, for the rebuild.
CREATE FUNCTION figures_histogram_step(state jsonb, days integer) RETURNS jsonb
LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE WHEN days IS NULL THEN state
              ELSE jsonb_set(state, ARRAY[days::text], to_jsonb(coalesce((state ->> days::text)::bigint, 0) + 1)) END $$;
CREATE AGGREGATE figures_histogram(integer) (SFUNC = figures_histogram_step, STYPE = jsonb, INITCOND = '{}');

-- The roll-up computed afresh from `task` (the rows the triggers would have left): after a rebuild of the read model
-- or a bulk load with triggers off. Set-based: one statement per span.
CREATE FUNCTION decided_figures_rollup_rebuild() RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM decided_figures_rollup;
  INSERT INTO decided_figures_rollup
    (span, period, region, step, department, item, decided, approved, rejected, on_commitment, rounds_known,
     supplement_rounds, overdue_known, overdue, special_procedure_known, special_procedure_days, gross_days,
     net_histogram, gross_histogram)
  SELECT s.span, CASE s.span WHEN 'day' THEN t.decided_on ELSE date_trunc('month', t.decided_on)::date END,
         g.region, coalesce(t.step, ''), t.department, t.item,
         count(*), count(*) FILTER (WHERE t.outcome = 'approved'), count(*) FILTER (WHERE t.outcome = 'rejected'),
         count(*) FILTER (WHERE t.on_commitment), count(t.supplement_rounds), coalesce(sum(t.supplement_rounds), 0),
         count(t.overdue), count(*) FILTER (WHERE t.overdue), count(t.special_procedure_days),
         coalesce(sum(t.special_procedure_days), 0), coalesce(sum(t.workdays_used_gross), 0),
         figures_histogram(t.workdays_used_net), figures_histogram(t.workdays_used_gross)
    FROM task t LEFT JOIN project p ON p.id = t.project_id, (VALUES ('day'), ('month')) AS s(span),
         LATERAL (VALUES (coalesce(p.region, '')), ('*')) AS g(region)
   WHERE t.decided_on IS NOT NULL AND t.outcome IN ('approved', 'rejected')
   GROUP BY 1, 2, 3, 4, 5, 6;
END $$;

SELECT decided_figures_rollup_rebuild();
