-- The round of an outside-line permit's instance (外线工程行政审批, docs/spgl.md): the request's version at the
-- application, the last part of its key `<request>/<kind>/<version>`; NULL for every other instance — a task's id, a
-- joint acceptance case's — even of the same item code (an ordinary approval flow's task may handle
-- `city-road-occupation-excavation`, 440600's 5g-base-station). The one test of what a permit instance is: the spgl
-- reader's lookup of a round (src/db/spgl.ts) and 并联审批率 (src/db/data-quality.ts) both call it.
CREATE FUNCTION spgl_permit_round(key text) RETURNS integer
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE WHEN split_part(key, '/', 3) ~ '^[0-9]{1,9}$' THEN split_part(key, '/', 3)::integer END $$;
