import { chainName } from './services'

/**
 * Every action a service writes to its audit chain (`action` of an audited command in services/<service>/src, and
 * the gateway's reads of an owner's personal data), in Chinese. A template action (`approval.task.${body.action}`)
 * has one entry per variant. test/admin-text.unit.test.ts reads the services' sources and fails on one not named here.
 */
export const ACTION_NAMES: Record<string, string> = {
  // 一窗受理
  'intake.project.register': '登记项目',
  'intake.project.link-area': '项目关联区域评估',
  'intake.project.link-plot': '项目关联宗地',
  'intake.application.open': '提交申请',
  'intake.application.cure': '补齐容缺材料',
  'intake.application.accept': '受理申请',
  'intake.application.refuse': '不予受理',
  'intake.application.withdraw-receipt': '撤件',
  'intake.application.receipt-notice': '一次性告知补正',
  'intake.application.delivery-collected': '登记结果已领取',
  'intake.application.delivery-posted': '登记结果已寄出',
  'intake.application.delivery-signed': '登记寄递结果已签收',
  'intake.area.publish': '发布区域评估成果',
  'intake.plot.publish': '发布宗地用地清单',
  'intake.assisted-case.open': '开启帮办代办',
  'intake.assisted-case.grant': '帮办人代为答复补正',
  'intake.assisted-case.schedule-visit': '安排跟踪回访',
  'intake.assisted-case.record-visit': '记录跟踪回访',
  'intake.assisted-case.close': '结束帮办代办',
  'intake.calendar.publish': '发布工作日历',
  'intake.catalogue.upload': '上传事项目录版本',
  'intake.catalogue.activate': '启用事项目录版本',
  'intake.dishonest-owner.list': '列入失信名单',
  'intake.dishonest-owner.delist': '移出失信名单',
  'intake.intermediary.engage': '选定中介服务机构',
  'intake.intermediary.deliver': '中介服务成果交付',
  'intake.booking.book': '网上预约',
  'intake.booking.cancel': '取消网上预约',
  'intake.booking.missed': '登记预约未到',
  // 并联审批
  'approval.task.claim': '签收审批任务',
  'approval.task.supplement': '要求补正材料',
  'approval.task.special-procedure-start': '启动特别程序',
  'approval.task.special-procedure-end': '结束特别程序',
  // An entry names its task by id alone, and a task decides a licence or a filing (备案: 予以备案/不予备案, never
  // 准予/不予许可; isFiling in @onewindow/vocabulary), so the words of a decision name both.
  'approval.task.approve': '办结：准予许可或予以备案',
  'approval.task.reject': '办结：不予许可或不予备案',
  'approval.task.extend': '延长审批时限',
  'approval.task.revoke': '撤销许可或备案',
  'approval.task.supervise': '督办审批任务',
  'approval.task.respond-supervision': '回复审批任务督办',
  'approval.commitment.kept': '核查告知承诺：已履行',
  'approval.commitment.breached': '核查告知承诺：未履行',
  'approval.deficiency.breached': '容缺后补未履行：记录处理',
  'approval.rectification.report': '报告整改完成',
  'approval.rectification.done': '确认整改完成',
  'approval.rectification.not-done': '认定整改未完成',
  'approval.rectification.escalate': '逾期未整改：采取进一步措施',
  'approval.notice.answer': '答复补正告知',
  'approval.notice.lead-issue': '牵头部门出具补正告知',
  'approval.application.withdraw': '撤回申请',
  'approval.step.extend': '延长环节时限',
  'approval.rating.give': '好差评评价',
  'approval.rating.reply': '回复好差评',
  'approval.drawing-review.submit': '提交施工图审查',
  'approval.drawing-review.comments': '施工图审查退回意见',
  'approval.drawing-review.passed': '施工图审查通过',
  // 联合验收
  'acceptance.case.open': '受理联合验收',
  'acceptance.case.schedule-inspection': '安排联合现场验收',
  'acceptance.case.record-opinion': '录入验收意见',
  'acceptance.case.submit-rectification': '提交整改结果',
  'acceptance.rectification.report': '报告验收告知承诺整改完成',
  'acceptance.rectification.done': '确认验收告知承诺整改完成',
  'acceptance.rectification.not-done': '认定验收告知承诺整改未完成',
  'acceptance.rectification.escalate': '验收告知承诺逾期未整改：采取进一步措施',
  'acceptance.case.verify-commitment': '核查告知承诺',
  'acceptance.case.record-result': '录入验收结果物',
  'acceptance.survey.commission': '委托多测合一',
  'acceptance.survey.results': '提交测绘成果',
  // 工程质量安全监督 双随机、一公开
  'acceptance.quality.draw-round': '双随机抽取监督检查项目和检查人员',
  'acceptance.quality.record-result': '录入质量安全监督检查结果',
  'acceptance.quality.reassign': '质量安全监督检查人员回避改派（随机）',
  // 市政公用报装
  'utility.request.survey-done': '报装：完成现场勘查',
  'utility.joint-survey.proposed': '报装：约定联合踏勘',
  'utility.joint-survey.cancelled': '报装：取消联合踏勘',
  'utility.joint-survey.confirmed': '报装：确认参加联合踏勘',
  'utility.request.plan-done': '报装：完成接入方案',
  'utility.request.permit-granted': '报装：取得外线许可',
  'utility.request.permit-refused': '报装：外线审批不予许可',
  'utility.request.permit-reapplied': '报装：重新申请外线许可',
  'utility.request.permit-materials-supplied': '报装：补交容缺材料',
  'utility.permit.granted': '外线审批：准予许可',
  'utility.permit.refused': '外线审批：不予许可',
  'utility.permit.accepted': '外线审批：容缺受理',
  'utility.request.construction-done': '报装：完成外线施工',
  'utility.request.restoration-done': '报装：报修复完成',
  'utility.restoration.reviewed': '报装：修复验收',
  // 不动产登记
  'registration.case.pass-pre-survey': '通过权籍调查',
  'registration.case.complete': '完成首次登记',
  'registration.certificate.revoke': '注销电子证照',
  'registration.objection.raise': '提出证照异议',
  'registration.objection.answer': '答复证照异议',
  // 12345 热线
  'hotline.ticket.register': '登记工单',
  'hotline.ticket.dispatch': '派发工单',
  'hotline.ticket.decide-return': '审核退回申请',
  'hotline.ticket.hard-opinion': '出具疑难工单意见',
  'hotline.ticket.review': '审核办理结果',
  'hotline.ticket.return-visit': '回访',
  'hotline.ticket.rehandle': '再次办理',
  'hotline.ticket.close': '办结工单',
  'hotline.ticket.information-missing': '信息不全',
  'hotline.ticket.request-supplement': '要求补充信息',
  'hotline.ticket.supervise': '督办',
  'hotline.ticket.rectification-letter': '发整改函',
  'hotline.ticket.rectification-reply': '回复整改情况',
  'hotline.ticket.referral': '移交线索',
  'hotline.ticket.long-term': '标记长期复杂诉求',
  'hotline.ticket.accept': '签收工单',
  'hotline.ticket.request-return': '申请退回',
  'hotline.ticket.extend': '申请延期',
  'hotline.ticket.reply': '答复诉求人',
  'hotline.ticket.read': '阅知工单',
  'hotline.ticket.duty-statement': '提交履职尽责意见',
  'hotline.ticket.respond-supervision': '回复督办',
  'hotline.ticket.plan': '提交办理计划',
  'hotline.ticket.contribute': '提交协办意见',
  'hotline.ticket.progress': '报告办理进展',
  'hotline.ticket.procedure-ended': '法定程序结束',
  'hotline.ticket.final-report': '提交最终办理报告',
  'hotline.ticket.add-information': '诉求人补充信息',
  'hotline.ticket.rate': '满意度评价',
  'hotline.ticket.rate-reception': '评价受理服务',
  'hotline.ticket.withdraw': '撤回诉求',
  'hotline.knowledge.create': '新增知识点',
  'hotline.knowledge.revise': '修改知识点',
  'hotline.knowledge.retire': '下架知识点',
  'hotline.knowledge.answer': '引用知识点答复',
  'hotline.knowledge.feedback': '发起知识点反馈',
  'hotline.knowledge.feedback-answer': '答复知识点反馈',
  'hotline.notice.change': '变动通报',
  'hotline.notice.acknowledge': '确认变动通报',
  'hotline.notice.outage': '故障通报',
  'hotline.notice.outage-script': '故障通报：应答口径',
  'hotline.notice.outage-progress': '故障通报：解决进展',
  'hotline.notice.outage-recover': '故障通报：已恢复',
  // 消息通知
  'notification.preferences.put': '设置消息接收方式',
  // 网关（读模型）：他人查阅建设单位的个人信息
  'gateway.project.read': '查阅项目',
  'gateway.project.status.read': '查阅项目办理进度',
  'gateway.certificate.read': '查阅电子证照',
  'gateway.utility-requests.read': '查阅报装申请（含建设单位）',
}

/** The action in Chinese; a code not in the table is shown as it is (the title keeps the code in either case). */
export const actionName = (action: string): string =>
  (Object.hasOwn(ACTION_NAMES, action) ? ACTION_NAMES[action] : action) as string

/** What an audit entry's object (`<kind>:<id>`) is, by its kind. */
export const OBJECT_KINDS: Record<string, string> = {
  project: '项目',
  application: '申请',
  task: '审批任务',
  'acceptance-case': '验收案件',
  'utility-request': '报装申请',
  'registration-case': '登记案件',
  certificate: '电子证照',
  objection: '证照异议',
  area: '区域评估',
  plot: '宗地',
  'assisted-case': '帮办代办',
  booking: '网上预约',
  'intermediary-engagement': '中介服务',
  calendar: '工作日历',
  catalogue: '事项目录',
  owner: '建设单位',
  'drawing-review': '施工图审查',
  'survey-commission': '多测合一委托',
  'quality-round': '双随机抽查批次',
  'quality-inspection': '质量安全监督检查',
  rating: '好差评',
  ticket: '工单',
  'ticket-group': '工单组',
  'knowledge-point': '知识点',
  'knowledge-feedback': '知识点反馈',
  'change-notice': '变动通报',
  'outage-notice': '故障通报',
  'notification-preferences': '消息接收方式',
}

/** An object key in its parts: a kind of OBJECT_KINDS and its id (`project:…` → `project`, `…`); else all id. */
export function objectParts(key: string): { kind?: string; id: string } {
  const at = key.indexOf(':')
  const kind = key.slice(0, at)
  return at > 0 && Object.hasOwn(OBJECT_KINDS, kind) ? { kind, id: key.slice(at + 1) } : { id: key }
}

// Its ids are keys themselves (`owner:<credit code>`, `department:<code>`): one typed under it is its id, not a kind.
const KEYED_IDS = 'notification-preferences'

/**
 * What the filter's two fields hold once `typed` is typed or pasted as the id with `kind` chosen: a whole key
 * (`project:…`, as the list's hover shows it) chooses its own kind and leaves its id; anything else is the id.
 */
export function objectInput(kind: string | undefined, typed: string): { kind?: string; id: string } {
  const parts = objectParts(typed.trim())
  if (parts.kind === undefined || (kind === KEYED_IDS && parts.kind !== KEYED_IDS)) {
    return kind === undefined ? { id: typed } : { kind, id: typed }
  }
  return parts
}

/**
 * The object filter as the route matches it, whole (`<kind>:<id>`, as the services write it): `task` and `0195…` →
 * `task:0195…`; an id with no kind as typed. No id, no filter: a kind alone matches no key.
 */
export function objectKey(kind: string | undefined, id: string): string | undefined {
  const typed = id.trim()
  if (!typed) return undefined
  return kind === undefined ? typed : `${kind}:${typed}`
}

// A UUID, shortened to its last 8 characters as a person reads one out; a short id (a year, a code) stays whole.
const LONG_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/** An object as a person reads it: its kind in Chinese and a short id (项目 …a597e0c6); unknown kinds stay raw. */
export function objectText(object: string): string {
  const at = object.indexOf(':')
  if (at < 0) return object
  const kind = object.slice(0, at)
  const id = object.slice(at + 1)
  if (!Object.hasOwn(OBJECT_KINDS, kind)) return object
  return `${OBJECT_KINDS[kind]} ${LONG_ID.test(id) ? `…${id.slice(-8)}` : id}`
}

/** A chain position with its service in Chinese: `intake` #1 → 受理服务 #1. */
export const chainPosition = (chain: string, position: number): string => `${chainName(chain)} #${position}`
