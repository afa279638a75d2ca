-- 验收范围 (`part`, contracts' WorksPart) is matched exactly — one live case per building (live_key), one completion
-- survey per building (survey_commission's unique key), a building's survey for its own case — and the API used to
-- take `1号厂房 ` as another building than `1号厂房`. WorksPart now refuses whitespace at either end and control
-- characters; this trims the values stored before it: each column and the copy in the row's `state`.
--
-- Trimmed: what WorksPart's `\s` and its control-character ranges cover at either end. A value that would trim to
-- nothing is left (it names no building, and '' or NULL would make it the whole project's). A row whose trimmed
-- value another row of its key already holds — a live case of the same building, a commission of the same project,
-- stage and building — is left as it is, as is every such row after the first (by opening): merging two cases or two
-- commissions is a decision for the people who opened them, not for a migration (docs/shared-results.md, "A
-- building's name", finds them with one query). Those rows still read: the events and snapshots carry
-- WorksPartOnRecord, as wide as before. Failed cases hold no live key, so they are all trimmed.
CREATE FUNCTION "part_trimmed"(p TEXT) RETURNS TEXT
    LANGUAGE sql IMMUTABLE STRICT
AS $$
  SELECT regexp_replace(p,
    '^[\u0001-\u0020\u007f-\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff]+|[\u0001-\u0020\u007f-\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff]+$',
    '', 'g')
$$;

WITH c AS (
  SELECT id, project_id, stage, "part_trimmed"(part) AS trimmed,
         row_number() OVER (PARTITION BY project_id, stage, "part_trimmed"(part)
                            ORDER BY state->>'commissionedAt', id) AS n
    FROM "survey_commission"
   WHERE part <> "part_trimmed"(part) AND "part_trimmed"(part) <> ''
)
UPDATE "survey_commission" s
   SET part = c.trimmed, state = jsonb_set(s.state, '{part}', to_jsonb(c.trimmed))
  FROM c
 WHERE s.id = c.id AND c.n = 1
   AND NOT EXISTS (SELECT 1 FROM "survey_commission" o
                    WHERE o.project_id = c.project_id AND o.stage = c.stage AND o.part = c.trimmed);

WITH c AS (
  SELECT id, project_id, live_key IS NOT NULL AS live, "part_trimmed"(part) AS trimmed,
         row_number() OVER (PARTITION BY project_id, "part_trimmed"(part), live_key IS NOT NULL
                            ORDER BY opened_at, id) AS n
    FROM "acceptance_case"
   WHERE part <> "part_trimmed"(part) AND "part_trimmed"(part) <> ''
)
UPDATE "acceptance_case" a
   SET part = c.trimmed,
       live_key = CASE WHEN c.live THEN a.project_id::text || '/' || c.trimmed END,
       state = jsonb_set(a.state, '{part}', to_jsonb(c.trimmed))
  FROM c
 WHERE a.id = c.id
   AND (NOT c.live OR (c.n = 1 AND NOT EXISTS (SELECT 1 FROM "acceptance_case" o
                                               WHERE o.live_key = a.project_id::text || '/' || c.trimmed)));

-- A case's copy of the survey it uses names the commission's building: the commission's own, as it now stands.
UPDATE "acceptance_case" a
   SET state = jsonb_set(a.state, '{survey,part}', to_jsonb(s.part))
  FROM "survey_commission" s
 WHERE a.state->'survey' ? 'part' AND s.id = (a.state->'survey'->>'commissionId')::uuid AND s.part <> ''
   AND a.state->'survey'->>'part' <> s.part;

DROP FUNCTION "part_trimmed"(TEXT);
