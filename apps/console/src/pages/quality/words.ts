/** 工程质量安全监督 (004:1856): the words of a grade and an outcome, shared by the body's screen and the public list. */
export const GRADE_TEXT = { low: '较低风险', ordinary: '一般风险' } as const
export const OUTCOME_TEXT = { pass: '合格', rectify: '责令整改' } as const
/** A participating unit's role (参建单位), as the public list names it. */
export const UNIT_ROLE_TEXT = {
  owner: '建设单位',
  builder: '施工单位',
  supervisor: '监理单位',
  surveyor: '勘察单位',
  designer: '设计单位',
} as const
