-- 验收范围 (`part`, contracts' WorksPart): the building an acceptance or registration case, or a timeline entry, is for.
-- The API used to take `1号厂房 ` as another building than `1号厂房`; WorksPart now refuses whitespace at either end
-- and control characters, and acceptance's and registration's 20261228000000_trim_part trim what they stored. This
-- trims the read model's copies the same way (what WorksPart's `\s` and control-character ranges cover, at either end;
-- a value that would trim to nothing is left), so the owner's status names one building once. A case acceptance left
-- untrimmed (two live cases of one building) is trimmed here: its next event carries its part as acceptance holds it,
-- and the newest version wins. Certificates are left as issued: the building is in the signed body. Each UPDATE moves
-- the project's answer version (20261130060000_answer_version's triggers), so no kept status answer names the old value.
CREATE FUNCTION "part_trimmed"(p TEXT) RETURNS TEXT
    LANGUAGE sql IMMUTABLE STRICT
AS $$
  SELECT regexp_replace(p,
    '^[\u0001-\u0020\u007f-\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff]+|[\u0001-\u0020\u007f-\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff]+$',
    '', 'g')
$$;

UPDATE "timeline_entry" SET part = "part_trimmed"(part)
 WHERE part <> "part_trimmed"(part) AND "part_trimmed"(part) <> '';

UPDATE "acceptance_case"
   SET snapshot = jsonb_set(snapshot, '{part}', to_jsonb("part_trimmed"(snapshot->>'part')))
 WHERE snapshot->>'part' <> "part_trimmed"(snapshot->>'part') AND "part_trimmed"(snapshot->>'part') <> '';

UPDATE "acceptance_case"
   SET snapshot = jsonb_set(snapshot, '{survey,part}', to_jsonb("part_trimmed"(snapshot->'survey'->>'part')))
 WHERE snapshot->'survey'->>'part' <> "part_trimmed"(snapshot->'survey'->>'part')
   AND "part_trimmed"(snapshot->'survey'->>'part') <> '';

UPDATE "registration_case"
   SET snapshot = jsonb_set(snapshot, '{part}', to_jsonb("part_trimmed"(snapshot->>'part')))
 WHERE snapshot->>'part' <> "part_trimmed"(snapshot->>'part') AND "part_trimmed"(snapshot->>'part') <> '';

UPDATE "registration_case"
   SET snapshot = jsonb_set(snapshot, '{preSurveyBy,part}', to_jsonb("part_trimmed"(snapshot->'preSurveyBy'->>'part')))
 WHERE snapshot->'preSurveyBy'->>'part' <> "part_trimmed"(snapshot->'preSurveyBy'->>'part')
   AND "part_trimmed"(snapshot->'preSurveyBy'->>'part') <> '';

DROP FUNCTION "part_trimmed"(TEXT);
