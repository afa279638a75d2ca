/**
 * The Chinese names of the flow steps of the bundled catalogues (packages/catalogue/data), by code: what a page shows
 * where the gateway answers a step's code alone (the supervision figures group every project type's tasks by step).
 * One code can be named differently by the project types that use it (`joint-acceptance` is 竣工联合验收 in one,
 * 联合验收一件事 in another), so a name here is the step's general one, the national catalogue's where it has the step;
 * test/steps.unit.test.ts fails when a bundled catalogue has a step this table does not name.
 */
const NAMES: Readonly<Record<string, string>> = {
  'land-planning': '立项用地规划许可',
  'engineering-permit': '工程建设许可',
  'construction-permit': '施工许可',
  'joint-acceptance': '竣工联合验收',
  'first-registration': '不动产首次登记',
  'land-planning-and-filing': '建设用地规划许可与项目备案',
  'planning-and-construction-permits': '工程规划许可与施工许可',
  permits: '用地规划、人防、工程规划（及施工、消防设计）许可一并申请',
  'land-planning-permit': '建设用地规划许可证核发',
  'joint-scheme-review': '方案联合审查',
  'approval-and-land-planning': '立项和用地规划许可',
  'land-preexam-site-selection': '用地预审与选址意见书',
  'planning-permit': '建设工程规划许可证（告知承诺）',
  '5g-bundle': '5G基站建设审批一件事',
  'plan-filing': '报备施工方案（非禁免批）',
  'outside-line-permits': '外线工程并联审批',
  'six-item-bundle': '人防、规划、施工许可、节能审查、供水供电报装一并申请',
  'eight-item-bundle': '备案、用地规划、人防、工程规划、环评、施工许可、供水供电报装一并申请',
  'parallel-approvals': '按需并联办理审批手续',
}

/** A step code's Chinese name; a code no bundled catalogue has is shown as it is. */
export const stepName = (code: string): string => (Object.hasOwn(NAMES, code) ? (NAMES[code] as string) : code)
