-- A utility request's `advanced` that moved no step but did something to one outside-line permit — its department
-- granted or refused it on the platform (`permitsDecided`), accepted it with non-key materials missing (容缺受理) or
-- its provider supplied them (容缺后补, `permitDeficiency`) — keeps what it did as {kind, act} in `permit`, so a screen
-- says 外线审批准予许可 or 容缺受理 rather than 进入下一阶段 (docs/utility.md). NULL on every other entry, and on entries
-- projected before this migration (their events are not replayed: they read as a step moved, as before).
ALTER TABLE "timeline_entry" ADD COLUMN "permit" JSONB CHECK (
  "permit" IS NULL OR (
    "permit" ->> 'kind' IN ('road-excavation', 'green-space', 'road-related', 'traffic-organisation')
    AND "permit" ->> 'act' IN ('granted', 'refused', 'accepted', 'supplied')));

-- project_status gives each timeline entry's permit beside the rest (and keeps everything
-- 20270123000000_application_follow_ons reads).
CREATE OR REPLACE FUNCTION "project_status"(wanted UUID) RETURNS JSON
    LANGUAGE plpgsql STABLE PARALLEL SAFE
AS $$
BEGIN
  RETURN (
  SELECT json_build_object(
    'project', json_build_object(
      'projectId', p.id, 'projectCode', p.project_code, 'name', p.name, 'projectType', p.project_type,
      'region', p.region, 'ownerName', p.owner_name, 'ownerCreditCode', p.owner_credit_code,
      'investmentFen', p.investment_fen, 'location', p.location, 'catalogueVersion', p.catalogue_version,
      'flow', p.flow, 'cap', p.cap, 'registeredAt', instant_text(p.registered_at), 'flowClock', p.flow_clock),
    'applications', (SELECT coalesce(json_agg(json_build_object(
        'applicationId', a.id, 'projectId', a.project_id, 'step', a.step, 'stepName', a.step_name,
        'stage', a.stage, 'receiptNumber', a.receipt_number, 'withDeficiencies', a.with_deficiencies,
        'ownerCreditCode', a.owner_credit_code, 'items', a.items, 'acceptedAt', instant_text(a.accepted_at),
        'acceptedOn', legal_date_text(a.accepted_on), 'decision', a.decision,
        'certificateReleasedAt', instant_text(a.certificate_released_at), 'receipt', a.receipt, 'stepClocks', a.step_clocks,
        'receivedMaterials', a.received_materials, 'owedMaterials', a.owed_materials,
        'phase', a.phase, 'part', a.part, 'followOns', a.follow_ons) ORDER BY a.id), '[]')
      FROM application a WHERE a.project_id = p.id),
    'deficiencies', (SELECT coalesce(json_agg(json_build_object(
        'applicationId', d.application_id, 'projectId', d.project_id, 'material', d.material, 'name', d.name,
        'promisedOn', legal_date_text(d.promised_on), 'curedAt', instant_text(d.cured_at), 'curedOn', legal_date_text(d.cured_on),
        'overdueAt', instant_text(d.overdue_at)) ORDER BY d.material), '[]')
      FROM deficiency d WHERE d.project_id = p.id),
    'tasks', (SELECT coalesce(json_agg(t.snapshot ORDER BY t.due_on NULLS LAST, t.id), '[]')
      FROM task t WHERE t.project_id = p.id),
    'departments', (SELECT coalesce(json_agg(DISTINCT t.department), '[]') FROM task t WHERE t.project_id = p.id),
    'notices', (SELECT coalesce(json_agg(json_build_object(
        'noticeId', n.id, 'applicationId', n.application_id, 'projectId', n.project_id, 'version', n.version,
        'status', n.status, 'requests', n.requests, 'issuedAt', instant_text(n.issued_at),
        'answeredAt', instant_text(n.answered_at)) ORDER BY n.issued_at, n.id), '[]')
      FROM supplement_notice n WHERE n.project_id = p.id),
    'alerts', (SELECT coalesce(json_agg(json_build_object(
        'eventId', c.event_id, 'kind', c.kind, 'taskId', c.task_id, 'projectId', c.project_id, 'clock', c.clock,
        'department', c.department, 'item', c.item, 'suspensionId', c.suspension_id,
        'suspensionKind', c.suspension_kind, 'dueOn', legal_date_text(c.due_on), 'detectedOn', legal_date_text(c.detected_on),
        'detectedAt', instant_text(c.detected_at), 'used', c.used, 'limit', c.limit_value)
        ORDER BY c.detected_at, c.event_id), '[]')
      FROM clock_alert c WHERE c.project_id = p.id),
    'timeline', (SELECT coalesce(json_agg(json_build_object(
        'eventId', e.event_id, 'projectId', e.project_id, 'occurredAt', instant_text(e.occurred_at), 'type', e.type,
        'subject', e.subject, 'summary', e.summary, 'actor', e.actor, 'department', e.department,
        'outcome', e.outcome, 'part', e.part, 'phase', e.phase, 'booking', e.booking, 'raiser', e.raiser,
        'permit', e.permit)
        ORDER BY e.occurred_at, e.event_id), '[]')
      FROM timeline_entry e WHERE e.project_id = p.id),
    'acceptance', (SELECT coalesce(json_agg(x.snapshot ORDER BY x.id), '[]')
      FROM acceptance_case x WHERE x.project_id = p.id),
    'utilities', (SELECT coalesce(json_agg(u.snapshot ORDER BY u.provider, u.id), '[]')
      FROM utility_request u WHERE u.project_id = p.id),
    'registrations', (SELECT coalesce(json_agg(r.snapshot ORDER BY r.id), '[]')
      FROM registration_case r WHERE r.project_id = p.id),
    'certificates', (SELECT coalesce(json_agg(z.signed ORDER BY z.issued_at, z.id), '[]')
      FROM certificate z WHERE z.project_id = p.id),
    'shared', (SELECT coalesce(json_agg(json_build_object('part', r.part, 'key', r.key, 'body', r.body)
        ORDER BY r.part, r.key), '[]')
      FROM shared_result r WHERE r.project_id = p.id)
  ) AS rows
  FROM project p WHERE p.id = wanted);
END
$$;

