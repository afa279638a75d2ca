-- The owner's completion forecast (issue 15, deliverable 3; docs/forecast.md) reads each department's recent pace of
-- an item: the net working days of its last N decided tasks of that item, which the projection already counts when it
-- applies a decision (`workdays_used_net`, 20261203010000_supervision_stats). A query over those rows rather than a
-- summary the projector maintains: the figures are already there, counted once with the calendar, and "the last N"
-- is a moving window a running summary could not drop old tasks from without keeping them anyway. The index makes
-- each (item, department) pair's last N one short index-only range (the days are its last column: schema.prisma
-- cannot say INCLUDE); partial, so open tasks never touch it.
CREATE INDEX "task_forecast_history_idx" ON "task"("item", "department", "decided_on" DESC, "id" DESC, "workdays_used_net")
  WHERE "workdays_used_net" IS NOT NULL AND "outcome" IN ('approved', 'rejected');

-- Every department's pace, whoever asks: an owner's status forecasts from other owners' tasks, which row-level
-- security hides from it (20261130050000_row_level_security). The function shows only departments, items and day
-- counts — no project, no owner, no task — hence SECURITY DEFINER, as `acceptance_case_parties`. A task closed as
-- no longer needed or withdrawn (撤回) says nothing of how long a decision takes and is left out. The (item,
-- department) pairs are found by skipping through the index (each next pair one index probe), not by reading every
-- decided task of the item: the history of a busy item grows without bound, its departments do not.
CREATE FUNCTION forecast_history(wanted text[], last_n integer) RETURNS TABLE (department text, item text, days integer[])
LANGUAGE sql STABLE SECURITY DEFINER SET search_path FROM CURRENT AS $$
  WITH RECURSIVE pair(item, department) AS (
    SELECT wanted_item, (SELECT t.department FROM task t
                          WHERE t.item = wanted_item AND t.workdays_used_net IS NOT NULL
                            AND t.outcome IN ('approved', 'rejected')
                          ORDER BY t.department LIMIT 1)
      FROM (SELECT DISTINCT unnest(wanted)) AS w(wanted_item)
    UNION ALL
    SELECT pair.item, (SELECT t.department FROM task t
                        WHERE t.item = pair.item AND t.department > pair.department AND t.workdays_used_net IS NOT NULL
                          AND t.outcome IN ('approved', 'rejected')
                        ORDER BY t.department LIMIT 1)
      FROM pair WHERE pair.department IS NOT NULL)
  SELECT pair.department, pair.item, ARRAY(
      SELECT t.workdays_used_net FROM task t
       WHERE t.item = pair.item AND t.department = pair.department
         AND t.workdays_used_net IS NOT NULL AND t.outcome IN ('approved', 'rejected')
       ORDER BY t.decided_on DESC, t.id DESC
       LIMIT last_n)
    FROM pair WHERE pair.department IS NOT NULL $$;
