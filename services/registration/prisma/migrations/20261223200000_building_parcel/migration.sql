-- 竣工一幢、登记一幢: a project's later building takes the parcel (宗地代码) of the unit code of its earlier property
-- certificate (commands.ts `issueProperty`, db/registration.ts `earlierUnitCode`). That statement reads a project's
-- property certificates, newest first; only property certificates are indexed (a few per project), so the permits'
-- certificates, most of the table, cost no index upkeep. The counter `building/<project>` numbers the buildings
-- (`number_sequence`, as every number here); a project registered before this has none yet, and its next building is
-- numbered 1 with a parcel of its own, as every certificate was before.
CREATE INDEX "certificate_property_of_project_idx" ON "certificate" ("project_id", "issued_at" DESC, "id" DESC)
  WHERE kind = 'property';
