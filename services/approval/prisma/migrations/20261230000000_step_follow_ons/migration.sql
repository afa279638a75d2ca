-- 后续事项: what a step keeps of its acceptance to open its follow-on items when it is approved (docs/catalogue.md).
-- NULL for a step whose project type has none, and for every step accepted before.
ALTER TABLE step ADD COLUMN follow_ons jsonb;
