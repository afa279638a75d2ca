-- 验收范围 (`part`, contracts' WorksPart): the building a case registers, copied from its joint acceptance case, and the
-- building its pre-survey's completion survey measured. Both are matched exactly (a building's survey passes only its
-- own building's pre-survey; its floor area goes only to that building's certificate), and the API used to take
-- `1号厂房 ` as another building than `1号厂房`. WorksPart now refuses whitespace at either end and control
-- characters; acceptance's 20261228000000_trim_part trims its cases and commissions, and this trims the copies here
-- the same way (what WorksPart's `\s` and control-character ranges cover, at either end; a value that would trim to
-- nothing is left). No key here holds a part, so every such copy is trimmed, the kept completion surveys' too. Certificates are left as issued: the
-- building is in the signed body, which a trim would make fail its verification.
CREATE FUNCTION "part_trimmed"(p TEXT) RETURNS TEXT
    LANGUAGE sql IMMUTABLE STRICT
AS $$
  SELECT regexp_replace(p,
    '^[\u0001-\u0020\u007f-\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff]+|[\u0001-\u0020\u007f-\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff]+$',
    '', 'g')
$$;

UPDATE "registration_case"
   SET state = jsonb_set(state, '{part}', to_jsonb("part_trimmed"(state->>'part')))
 WHERE state->>'part' <> "part_trimmed"(state->>'part') AND "part_trimmed"(state->>'part') <> '';

UPDATE "registration_case"
   SET state = jsonb_set(state, '{preSurveyBy,part}', to_jsonb("part_trimmed"(state->'preSurveyBy'->>'part')))
 WHERE state->'preSurveyBy'->>'part' <> "part_trimmed"(state->'preSurveyBy'->>'part')
   AND "part_trimmed"(state->'preSurveyBy'->>'part') <> '';

-- The completion surveys registration keeps (20261227180000_completion_survey): the building each measured, in its
-- column and in the survey kept, which a case matches against its own part.
UPDATE "completion_survey"
   SET part = "part_trimmed"(part), survey = jsonb_set(survey, '{part}', to_jsonb("part_trimmed"(part)))
 WHERE part <> "part_trimmed"(part) AND "part_trimmed"(part) <> '';

DROP FUNCTION "part_trimmed"(TEXT);
