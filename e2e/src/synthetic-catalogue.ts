import { type Catalogue, type CatalogueData, createCatalogue, loadCatalogue } from '@onewindow/catalogue'

// Synthetic data for the race test and the benchmark only: the seeds give no step with 16 departments. Each number
// still needs a source, so it borrows the Shanwei low-risk step's line; nothing here is shown as a legal fact.
const SOURCE = 'seeds/004_33317a5f04b53a73.txt:1808'

export const parallelType = (departments: number) => `bench-parallel-${departments}`
export const parallelStep = (departments: number) => `parallel-${departments}`
export const syntheticDepartment = (i: number) => `bench-dept-${String(i).padStart(2, '0')}`

/**
 * The Shanwei catalogue plus, for each count, a project type whose one step asks one item of each of that many
 * departments, each with a committed limit of 5 W and no materials. Every region resolves to it, except those in
 * `ownRegions`, which resolve to their own bundled catalogue: the fault suite's load takes some projects to the
 * property certificate, which needs a type whose joint acceptance issues it (验登合一 — Foshan's
 * `industrial-land-with-scheme`, `registrationWithAcceptance`, seeds/004_33317a5f04b53a73.txt:2279), and Shanwei's
 * types do not.
 */
export function parallelCatalogue(
  counts: readonly number[],
  ownRegions: readonly string[] = [],
): (region: string) => Catalogue {
  const base = loadCatalogue('441500').data
  const max = Math.max(...counts)
  const departments = Array.from({ length: max }, (_, i) => ({
    code: syntheticDepartment(i + 1),
    name: { zh: `测试部门${i + 1}`, en: `bench department ${i + 1}` },
    kind: 'government' as const,
  }))
  const items = departments.map((d, i) => ({
    code: `bench-item-${String(i + 1).padStart(2, '0')}`,
    name: { zh: `测试事项${i + 1}`, en: `bench item ${i + 1}` },
    department: d.code,
    stage: 'construction-permit',
    committedLimit: { value: 5, unit: 'W' as const, source: SOURCE },
    materials: [],
    commitmentAllowed: false,
    specialProcedures: [],
    source: SOURCE,
  }))
  const projectTypes = counts.map((n) => ({
    code: parallelType(n),
    name: { zh: `${n}部门并联测试`, en: `${n} departments in parallel (bench)` },
    exempt: false,
    eligibility: { rules: [], exclusions: [] },
    steps: [
      {
        code: parallelStep(n),
        name: { zh: '并联审批', en: 'parallel approval' },
        stage: 'construction-permit',
        items: items.slice(0, n).map((i) => i.code),
        parallel: true,
        limit: { value: 5, unit: 'W' as const, source: SOURCE },
      },
    ],
    source: SOURCE,
  }))
  const data: CatalogueData = {
    ...base,
    version: `${base.version}-bench`,
    departments: [...base.departments, ...departments],
    items: [...base.items, ...items],
    projectTypes: [...base.projectTypes, ...projectTypes],
  }
  const catalogue = createCatalogue(structuredClone(data))
  const own = new Map(ownRegions.map((r) => [r, loadCatalogue(r)]))
  return (region) => own.get(region) ?? catalogue
}
