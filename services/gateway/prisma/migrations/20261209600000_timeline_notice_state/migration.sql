-- A 补正 notice's timeline entry (one event type, `supplement-notice.issued`, for its three states) keeps the state
-- of a closed notice — `answered` or `withdrawn` — in `outcome`, as a task decision's entry keeps its decision, so the
-- console no longer reads it from the start of the English summary. Entries stored before are filled once from that
-- summary, by the rule the console applied on every read.
ALTER TABLE "timeline_entry" DROP CONSTRAINT IF EXISTS "timeline_entry_outcome_check";
ALTER TABLE "timeline_entry" ADD CONSTRAINT "timeline_entry_outcome_check"
  CHECK ("outcome" IN ('approved', 'rejected', 'answered', 'withdrawn'));
UPDATE "timeline_entry"
   SET "outcome" = CASE WHEN "summary" LIKE '补正告知 answered%' THEN 'answered' ELSE 'withdrawn' END
 WHERE "type" = 'supplement-notice.issued'
   AND ("summary" LIKE '补正告知 answered%' OR "summary" LIKE '补正告知 withdrawn%');
