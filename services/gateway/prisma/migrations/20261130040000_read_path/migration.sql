-- The status is read in one statement that builds its answer as JSON (db/queries.ts `status`); these spell an
-- instant and a legal date exactly as JavaScript's Date#toISOString does, so the answer is the same text it was
-- when rows were read field by field. SQL functions this simple are inlined by the planner
-- (STABLE, as to_char is: an IMMUTABLE wrapper would not be).
CREATE FUNCTION "instant_text"(t TIMESTAMPTZ) RETURNS TEXT
    LANGUAGE sql STABLE PARALLEL SAFE
    RETURN to_char(t AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"');

CREATE FUNCTION "legal_date_text"(d DATE) RETURNS TEXT
    LANGUAGE sql STABLE PARALLEL SAFE
    RETURN to_char(d, 'YYYY-MM-DD');

-- The status reads a project's 容缺 materials by project; without this it scanned the whole table.
-- CreateIndex
CREATE INDEX "deficiency_project_id_idx" ON "deficiency"("project_id");
