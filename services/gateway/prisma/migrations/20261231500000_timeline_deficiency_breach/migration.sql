-- 容缺后补 not kept (seeds/004:1860) is told as a commitment breach naming the material (`task.commitment-breached`
-- with `deficiency`): its timeline entry keeps `deficiency` in `outcome`, so a screen says which promise was broken
-- without reading the English summary. No entry stored before is one (the event carried no `deficiency` before).
ALTER TABLE "timeline_entry" DROP CONSTRAINT IF EXISTS "timeline_entry_outcome_check";
ALTER TABLE "timeline_entry" ADD CONSTRAINT "timeline_entry_outcome_check"
  CHECK ("outcome" IN ('approved', 'rejected', 'answered', 'withdrawn', 'deficiency'));
