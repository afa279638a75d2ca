import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { MATERIAL_NAMES } from '../src/materials.js'
import { NOTICE_LINE_CODES, noticeLines, type Sent } from '../src/pages/clerk/notice-lines.js'

// Intake's refusal to open an application (422 INTAKE_APPLICATION_INCOMPLETE) lists one problem per line, each with a
// code: `decideOpening` in services/intake/src/domain/application.ts and what it calls there (`readUtilities`). The
// codes are read from those sources, as problem-text.unit.test.ts reads the registry's from docs/errors.md, so a code
// intake adds to the notice and the desk does not word fails here instead of reaching the applicant as a pointer.
const domain = new URL('../../../services/intake/src/domain/', import.meta.url)
const source = (file: string) => readFileSync(new URL(file, domain), 'utf8')

/** A top-level function's text in one of intake's domain files, up to the next top-level declaration. */
function definition(file: string, name: string): string {
  const src = source(file)
  const start = src.search(new RegExp(`^export (?:function ${name}\\(|const ${name} =)`, 'm'))
  if (start < 0) throw new Error(`no ${name} in ${file}`)
  const rest = src.slice(start)
  const end = rest.slice(1).search(/\n(?:export |function |const |type |\/\*\*|\/\/)/)
  return end < 0 ? rest : rest.slice(0, end + 1)
}

/** Every INTAKE_* code a function names, and those of the functions it calls that its file imports from a sibling. */
function codesOf(file: string, name: string, seen = new Set<string>()): string[] {
  if (seen.has(`${file}#${name}`)) return []
  seen.add(`${file}#${name}`)
  const text = definition(file, name)
  const codes = [...text.matchAll(/'(INTAKE_[A-Z0-9_]+)'/g)].map((m) => m[1] as string)
  for (const imported of source(file).matchAll(/^import \{([^}]+)\} from '\.\/([\w-]+)\.js'/gm)) {
    const names = (imported[1] as string)
      .split(',')
      .map((n) => n.trim())
      .filter((n) => n && !n.startsWith('type '))
    for (const called of names) {
      if (new RegExp(`\\b${called}\\(`).test(text)) codes.push(...codesOf(`${imported[2]}.ts`, called, seen))
    }
  }
  return codes
}

const onTheNotice = [...new Set(codesOf('application.ts', 'decideOpening'))].filter(
  (c) => c !== 'INTAKE_APPLICATION_INCOMPLETE',
)

const sent: Sent = {
  materials: [{ code: 'land-sale-confirmation' }, { code: 'regional-flood-assessment' }],
  deficiencies: [{ code: 'land-transfer-contract', promisedOn: '2026-03-02' }],
  commitments: [{ item: 'planning-permit' }],
}
const NAMES: Record<string, string> = {
  'land-sale-confirmation': '用地成交确认书',
  'land-transfer-contract': '土地使用权出让合同',
  'land-price-commitment': '按期缴交地价款承诺书',
}
const named = {
  materialName: (code: string) => NAMES[code] ?? code,
  itemName: (code: string) => (code === 'planning-permit' ? '建设工程规划许可证核发' : code),
}
const say = (field: string, code: string, message = 'is not right') =>
  noticeLines([{ field, code, message }], sent, named)[0]?.text ?? ''

/** A line as the applicant reads it: Chinese, with no pointer, code, English word or placeholder. */
const expectReadable = (text: string, what: string) => {
  expect(text, what).toMatch(/[\u4e00-\u9fff]/)
  expect(text, what).not.toMatch(/\/|INTAKE_|undefined|null|NaN|\b[a-z]{3,}\b/)
}

/** Intake's message for a code, its template filled in (`${…On}` a day, anything else a name). */
const intakeMessage = (code: string) => {
  const text = definition('application.ts', 'decideOpening')
  const template = new RegExp(`'${code}',\\s*\`([^\`]+)\``).exec(text)?.[1]
  if (!template) throw new Error(`no message for ${code}`)
  return template.replace(/\$\{([^}]+)\}/g, (_, expr: string) =>
    expr.endsWith('On') ? '2026-02-27' : expr.endsWith('documentRef') ? '汕高新评〔2026〕3号' : `【${expr}】`,
  )
}

describe('the 一次性告知 notice, line by line', () => {
  it('reads the codes intake can list on the notice from its sources', () => {
    expect(onTheNotice).toEqual(
      expect.arrayContaining([
        'INTAKE_MATERIAL_MISSING',
        'INTAKE_MATERIAL_COVERED_BY_AREA',
        'INTAKE_MATERIAL_DELIVERED_BY_INTERMEDIARY',
        'INTAKE_OWNER_ON_DISHONESTY_LIST',
        'INTAKE_COMMITMENT_DUPLICATE',
        'INTAKE_UTILITY_INVALID',
      ]),
    )
    expect(onTheNotice.length).toBeGreaterThanOrEqual(12)
  })

  it('has a line of its own for every code intake can list', () => {
    expect(onTheNotice.filter((code) => !NOTICE_LINE_CODES.has(code))).toEqual([])
  })

  it('words every line in Chinese, whatever field it names, with no pointer, code or English', () => {
    const fields = [
      '/materials/0/code',
      '/materials/land-price-commitment',
      '/deficiencies/0',
      '/deficiencies/0/promisedOn',
      '/deficiencies',
      '/commitments/0/item',
      '/form/utilities',
      '/form/utilities/0',
      '/form/utilities/0/provider',
      '/form/utilities/0/lengthM',
      '/form/utilities/0/newChannel',
      '/form/utilities/0/colour',
    ]
    for (const code of [...NOTICE_LINE_CODES, 'INTAKE_SOMETHING_NEW'])
      for (const field of fields) expectReadable(say(field, code), `${code} at ${field}`)
  })

  it('names a covered or delivered report by its material, with the area or intermediary and the day intake cites', () => {
    // The checklist leaves out what the area covers, so the desk's names lack it: the bundled catalogues name it.
    const covered = noticeLines(
      [
        {
          field: '/materials/0/code',
          code: 'INTAKE_MATERIAL_COVERED_BY_AREA',
          message: intakeMessage('INTAKE_MATERIAL_COVERED_BY_AREA'),
        },
      ],
      { ...sent, materials: [{ code: 'construction-drawings' }] },
      named,
    )[0]?.text
    expect(covered).toBe(
      `材料《${MATERIAL_NAMES['construction-drawings']}》无需提交：项目所在的【byArea.areaName】已有区域评估成果（汕高新评〔2026〕3号，2026年2月27日出具），审批部门直接共享使用。`,
    )
    const delivered = say(
      '/materials/0/code',
      'INTAKE_MATERIAL_DELIVERED_BY_INTERMEDIARY',
      intakeMessage('INTAKE_MATERIAL_DELIVERED_BY_INTERMEDIARY'),
    )
    expect(delivered).toBe(
      '材料《用地成交确认书》无需提交：中介机构【byIntermediary.intermediaryName】已于2026年2月27日交付该成果（汕高新评〔2026〕3号），审批部门直接共享使用。',
    )
    // A message of another shape: the same line without what it would have cited.
    expect(say('/materials/0/code', 'INTAKE_MATERIAL_COVERED_BY_AREA', 'covered')).toBe(
      '材料《用地成交确认书》无需提交：项目所在区域的区域评估成果已涵盖该项，审批部门直接共享使用。',
    )
  })

  it('says the hookups of the combined form by their utility (or place) and field', () => {
    const utility = (field: string, message: string, form?: Sent['form']) =>
      noticeLines(
        [{ field, code: 'INTAKE_UTILITY_INVALID', message }],
        { ...sent, ...(form ? { form } : {}) },
        named,
      )[0]?.text
    expect(utility('/form/utilities', 'must be a list of hookups')).toBe(
      '市政公用服务报装信息填写有误：应逐项列明所需报装的类别及外线情况。',
    )
    expect(utility('/form/utilities/1', 'must be an object')).toBe(
      '市政公用服务报装第 2 项填写有误，请按报装类别重新填写。',
    )
    expect(utility('/form/utilities/0/provider', 'must be one of water, power, gas, drainage, telecom')).toBe(
      '市政公用服务报装第 1 项：报装类别须为供水、供电、供气、排水或通信。',
    )
    expect(utility('/form/utilities/2/provider', 'power is named more than once')).toBe(
      '市政公用服务报装第 3 项：供电报装重复填写，每类报装只填写一项。',
    )
    expect(utility('/form/utilities/0/lengthM', 'must be a number from 0 to 1000000')).toBe(
      '市政公用服务报装第 1 项：外线长度（米）须为 0 至 1000000 之间的数值。',
    )
    expect(utility('/form/utilities/0/newChannel', 'must be true or false')).toBe(
      '市政公用服务报装第 1 项：“是否新建电缆通道”须填写是或否。',
    )
    expect(utility('/form/utilities/0/colour', 'is not a known field')).toBe(
      '市政公用服务报装第 1 项含有不属于报装信息的内容，请删除后重新填写。',
    )
    // The hookups as the desk sent them: each named by its utility.
    const form = {
      utilities: [
        { provider: 'water', lengthM: 80 },
        { provider: 'power', voltageKv: 2000 },
      ],
    }
    expect(utility('/form/utilities/1/voltageKv', 'must be a number from 0 to 1100', form)).toBe(
      '供电报装：供电电压（千伏）须为 0 至 1100 之间的数值。',
    )
    expect(utility('/form/utilities/0/onMainRoad', 'must be true or false', form)).toBe(
      '供水报装：“是否涉及城市主干道”须填写是或否。',
    )
  })

  it('says which of 容缺 and 告知承诺 a listed (失信) owner may not use, by the field intake names', () => {
    expect(say('/deficiencies', 'INTAKE_OWNER_ON_DISHONESTY_LIST')).toBe(
      '建设单位列入失信名单，不适用容缺受理，须提交全部材料。',
    )
    expect(say('/commitments', 'INTAKE_OWNER_ON_DISHONESTY_LIST')).toBe(
      '建设单位列入失信名单，不适用告知承诺，相关事项须按一般程序审查。',
    )
  })

  it('says through which day an owner whose commitment was found not kept may not choose 告知承诺', () => {
    const message =
      'the owner may not choose 告知承诺 until 2026-09-30: its commitment on construction-permit was found not kept (housing-construction); each item is examined in full'
    expect(say('/commitments', 'INTAKE_OWNER_BARRED_FROM_COMMITMENT', message)).toBe(
      '建设单位此前作出的告知承诺经核查未履行，至2026年9月30日（含当日）不得选择告知承诺，相关事项须按一般程序审查。',
    )
    expectReadable(say('/commitments', 'INTAKE_OWNER_BARRED_FROM_COMMITMENT', message), 'bar')
  })

  it('lists a problem of a code it has no line for by what it concerns, never by its pointer', () => {
    expect(say('/materials/0/code', 'INTAKE_SOMETHING_NEW', 'must NOT have more than 200 characters')).toBe(
      '材料《用地成交确认书》：不能超过 200 个字符',
    )
    expect(say('/commitments/0/item', 'INTAKE_SOMETHING_NEW', 'is odd')).toBe(
      '事项“建设工程规划许可证核发”不符合要求，请向窗口工作人员咨询需补正的内容。',
    )
    expect(say('/form/x', 'INTAKE_SOMETHING_NEW', 'is odd')).toBe(
      '申请内容不符合要求，请向窗口工作人员咨询需补正的内容。',
    )
  })
})
