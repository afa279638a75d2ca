-- 撤销 of a joint acceptance's pass (004:1860 依法撤销许可: a 告知承诺 found breached after the pass, with the `revoke`
-- measure; acceptance's `pass-revoked`) in the later stages' supervision figures (20261231000000_stage_figures): the
-- pass no longer stands, so the case is no longer counted as passed (`approved`) — nor as failed (`rejected`, an
-- inspection that found the works wanting) — but as `revoked`: still decided on its decision day, its working days
-- still measured there (the departments took that time to decide; the revocation later is the owner's breach, not
-- their time). The projection writes `revoked` when it applies the snapshot carrying `passRevoked`
-- (src/domain/stage-figures.ts), and the row's trigger moves its figures: its old (`approved`) out, its new in.

-- A `revoked` row counts in `decided` and the time figures, in neither `approved` nor `rejected` (its sign times
-- `outcome = 'approved'` and `outcome = 'rejected'` is 0): the body of 20261231000000's but for the outcomes it takes.
CREATE OR REPLACE FUNCTION figures_apply(stage text, project_region text, step text, department text, item text, decided_on date,
                              outcome text, on_commitment boolean, supplement_rounds integer, net integer,
                              gross integer, special integer, overdue boolean, sign integer) RETURNS void
LANGUAGE plpgsql AS $$
#variable_conflict use_variable
DECLARE
  span_period record;
BEGIN
  IF decided_on IS NULL OR outcome IS NULL OR outcome NOT IN ('approved', 'rejected', 'revoked') THEN
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

-- The roll-up computed afresh counts `revoked` rows as the trigger does (replaces 20261231000000's).
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
   WHERE t.decided_on IS NOT NULL AND t.outcome IN ('approved', 'rejected', 'revoked')
   GROUP BY 1, 2, 3, 4, 5, 6, 7;
END $$;

-- Cases whose pass was revoked before this migration: their row moves out of the passes (the update trigger applies
-- it), as a later snapshot of the case would.
UPDATE "acceptance_case" SET outcome = 'revoked'
 WHERE status = 'passed' AND outcome = 'approved' AND snapshot ? 'passRevoked';
