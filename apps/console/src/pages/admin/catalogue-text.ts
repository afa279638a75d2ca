/**
 * The warnings of a catalogue version in Chinese. packages/catalogue/src/validate.ts says them as English sentences
 * with a code and a path (no numbers apart), so each shape it emits is read back here by its pattern; a warning of a
 * shape not known stays in English. test/admin-text.unit.test.ts makes every `warn(…)` of validate.ts produce its
 * warning and fails on one not said here.
 */

type Warning = { code: string; path: string; message: string }

/** Names the page knows for a region's catalogue: project types and steps by code. */
export type CatalogueNames = {
  projectType?: (code: string) => string | undefined
  step?: (type: string, code: string) => string | undefined
}

const UNITS: Record<string, string> = { W: '个工作日', N: '个自然日' }
const days = (value: string, unit: string) => `${value} ${UNITS[unit] ?? unit}`

const TYPE_PATH = /^projectTypes\[([^\]]+)\]/

type Shape = {
  code: string
  pattern: RegExp
  say: (m: RegExpExecArray, type: string, names: CatalogueNames, typeCode: string) => string
}

/** Every warning validate.ts emits (`warn(...)` in `capWarnings`), by its code and its sentence. */
export const WARNING_SHAPES: readonly Shape[] = [
  {
    code: 'CATALOGUE_STEP_WITHOUT_LIMIT',
    pattern: /^steps (.+) have no limit: only the cap of (\d+) (\w+) runs for them$/,
    say: (m, type, names, typeCode) => {
      const steps = (m[1] ?? '')
        .split(', ')
        .map((code) => `「${names.step?.(typeCode, code) ?? code}」`)
        .join('、')
      return `${type}：环节${steps}没有设定办理时限，只按全流程总时限 ${days(m[2] ?? '', m[3] ?? '')}计时。`
    },
  },
  {
    code: 'CATALOGUE_CAP_MISMATCH',
    pattern: /^the cap and the step limits are in different units$/,
    say: (_, type) => `${type}：全流程总时限与各环节时限的计量单位不同（工作日与自然日），无法相加核对。`,
  },
  {
    code: 'CATALOGUE_CAP_MISMATCH',
    pattern:
      /^the step limits add up to (\d+) (\w+) but the cap is (\d+) (\w+): both are kept, a clock runs for the cap and one for each step$/,
    say: (m, type) =>
      `${type}：各环节时限合计 ${days(m[1] ?? '', m[2] ?? '')}，全流程总时限为 ${days(m[3] ?? '', m[4] ?? '')}；` +
      '两者都保留，总时限和每个环节各自计时。',
  },
]

/** A warning in Chinese, naming the project type (and steps) by the names the page has; undefined for an unknown shape. */
export function warningText(w: Warning, names: CatalogueNames = {}): string | undefined {
  const typeCode = TYPE_PATH.exec(w.path)?.[1]
  const type = typeCode ? `项目类型「${names.projectType?.(typeCode) ?? typeCode}」` : '目录'
  for (const shape of WARNING_SHAPES) {
    if (shape.code !== w.code) continue
    const m = shape.pattern.exec(w.message)
    if (m) return shape.say(m, type, names, typeCode ?? '')
  }
  return undefined
}
