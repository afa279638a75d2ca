-- 逾期未整改's further measure (seeds/004:1860 依法撤销许可、禁止选择告知承诺) is told as the breach again
-- (`task.commitment-breached` with `rectification`): its timeline entry keeps the measures taken in `outcome` —
-- `escalated-revoke`, `escalated-bar` or `escalated-revoke-bar` — so a screen says what was done once the 整改 was
-- not confirmed by its day, not that a promise was broken (20261231500000_timeline_deficiency_breach's check, widened).
-- An entry projected before keeps its outcome: the entry names no task to read the measures from.
ALTER TABLE "timeline_entry" DROP CONSTRAINT IF EXISTS "timeline_entry_outcome_check";
ALTER TABLE "timeline_entry" ADD CONSTRAINT "timeline_entry_outcome_check"
  CHECK ("outcome" IN ('approved', 'rejected', 'answered', 'withdrawn', 'deficiency', 'escalated-revoke',
                       'escalated-bar', 'escalated-revoke-bar'));
