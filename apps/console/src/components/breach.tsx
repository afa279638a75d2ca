import { Button, Checkbox, DatePicker, Form, Input, Space, Typography } from 'antd'
import { BREACH_BOUNDS } from '../bounds'
import { chineseDate } from '../format'
import { COMMITMENT_MEASURE } from '../pages/lead/names'
import { fieldMessage } from './problem'

/**
 * A breach of the owner's promise (seeds 004:1860): a 告知承诺 found not kept, or a 容缺 material not made good by its
 * promised day — one shape, one form, whichever the department records (joint acceptance's 事后核查, the approval
 * stage's 容缺后补 finding).
 */
export type Measure = keyof typeof COMMITMENT_MEASURE
export type Verification = {
  result: 'kept' | 'breached'
  on: string
  department: string
  by: string
  findings?: string[]
  measures?: Measure[]
  rectifyBy?: string
  barredUntil?: string
}

/** The breach form's fields by their Chinese names, for the refusal's lines above the form (`ProblemAlert`'s `fields`). */
export const BREACH_FIELD_NAMES = {
  '/findings': '与承诺不符的情况',
  '/measures': '惩戒措施',
  '/rectifyBy': '整改期限',
  '/barredUntil': '禁止选择告知承诺至',
} as const

/** What a breach found differs from the promise, as a numbered list: the department's page and the owner's show it. */
export function FindingsList({ findings }: { findings: readonly string[] }) {
  return (
    <ol style={{ margin: 0, paddingInlineStart: 20 }}>
      {findings.map((f, n) => (
        // The findings are recorded once and never change: a finding's place is its identity.
        // biome-ignore lint/suspicious/noArrayIndexKey: see above
        <li key={n}>{f}</li>
      ))}
    </ol>
  )
}

/** The measures taken, in Chinese, in the order recorded. */
export const measuresText = (measures: readonly Measure[]): string =>
  measures.map((m) => COMMITMENT_MEASURE[m]).join('、')

/** The verification as recorded: its result and day, and for a breach what was found and what was done. */
export function verificationRows(v: Verification, departmentName: (code: string) => string) {
  const bar = v.measures?.includes('bar-commitment')
  return [
    { key: 'result', label: '核查结果', children: v.result === 'kept' ? '守诺' : '违诺' },
    { key: 'on', label: '核查日期', children: `${chineseDate(v.on)}（${departmentName(v.department)}）` },
    ...(v.findings?.length
      ? [{ key: 'findings', label: '与承诺不符的情况', children: <FindingsList findings={v.findings} /> }]
      : []),
    ...(v.measures?.length ? [{ key: 'measures', label: '惩戒措施', children: measuresText(v.measures) }] : []),
    ...(v.rectifyBy ? [{ key: 'rectifyBy', label: '整改期限', children: chineseDate(v.rectifyBy) }] : []),
    ...(bar
      ? [
          {
            key: 'barredUntil',
            label: '禁止选择告知承诺至',
            children: v.barredUntil ? chineseDate(v.barredUntil) : '解除为止',
          },
        ]
      : []),
  ]
}

/**
 * The fields of a breach as the routes take them: at least one finding (each at most 2000 characters, at most 100:
 * `BREACH_BOUNDS`),
 * at least one measure, 整改期限 with 责令整改 and the optional last day of a bar. Inside the caller's Form; `error` is
 * the route's refusal, each field's message next to it. 依法撤销许可 is not only recorded: the route revokes at once what
 * the promise was granted on, so `revokes` says what — shown beside the measures while it is chosen, before the
 * reviewer sends it.
 */
export function BreachFields({
  error,
  measures,
  today,
  revokes,
}: {
  error: unknown
  measures: readonly Measure[]
  today: string
  revokes: string
}) {
  const said = (field: string) => {
    const message = fieldMessage(error, field)
    return { help: message, validateStatus: message ? ('error' as const) : undefined }
  }
  return (
    <>
      {
        <Form.List name="findings">
          {(fields, { add, remove }) => (
            <section aria-label="与承诺不符的情况">
              <Typography.Text strong>与承诺不符的情况</Typography.Text>
              {fields.map((field, n) => (
                <Form.Item
                  key={field.key}
                  name={field.name}
                  label={`情况 ${n + 1}`}
                  style={{ marginTop: 8 }}
                  rules={[{ required: true, whitespace: true, message: '请写明与承诺不符的情况' }]}
                  {...said(`/body/findings/${n}`)}
                >
                  <Input.TextArea rows={2} maxLength={BREACH_BOUNDS.finding} />
                </Form.Item>
              ))}
              <Space style={{ marginBottom: 16 }}>
                {fields.length < BREACH_BOUNDS.findings && <Button onClick={() => add('')}>增加情况</Button>}
                {fields.length > 1 && (
                  <Button onClick={() => remove(fields.length - 1)}>删除情况 {fields.length}</Button>
                )}
              </Space>
              {fieldMessage(error, '/body/findings') &&
                !fields.some((_, n) => fieldMessage(error, `/body/findings/${n}`)) && (
                  <Typography.Paragraph type="danger">{fieldMessage(error, '/body/findings')}</Typography.Paragraph>
                )}
            </section>
          )}
        </Form.List>
      }
      {
        <Form.Item
          name="measures"
          label="惩戒措施"
          // A validator, not `required`: antd would put aria-required on the checkbox group, which its role forbids.
          rules={[
            {
              validator: (_, v?: Measure[]) =>
                v?.length ? Promise.resolve() : Promise.reject(new Error('违诺时请至少选择一项惩戒措施')),
            },
          ]}
          {...said('/body/measures')}
          extra={measures.includes('revoke') ? <span data-revokes>{revokes}</span> : undefined}
        >
          <Checkbox.Group
            options={(Object.keys(COMMITMENT_MEASURE) as Measure[]).map((m) => ({
              value: m,
              label: COMMITMENT_MEASURE[m],
            }))}
          />
        </Form.Item>
      }
      {measures.includes('rectify') && (
        <Form.Item
          name="rectifyBy"
          label="整改期限"
          rules={[{ required: true, message: '责令整改时请选择整改期限' }]}
          {...said('/body/rectifyBy')}
        >
          <DatePicker
            format={['YYYY年M月D日', 'YYYY-MM-DD']}
            placeholder="如 2026-04-14"
            // A working day after today (the server also refuses a holiday on the region's calendar): never today.
            disabledDate={(d) => d.format('YYYY-MM-DD') <= today}
          />
        </Form.Item>
      )}
      {measures.includes('bar-commitment') && (
        <Form.Item
          name="barredUntil"
          label="禁止选择告知承诺至（选填；不填则至解除为止）"
          {...said('/body/barredUntil')}
        >
          <DatePicker
            format={['YYYY年M月D日', 'YYYY-MM-DD']}
            placeholder="如 2026-09-30"
            disabledDate={(d) => d.format('YYYY-MM-DD') < today}
          />
        </Form.Item>
      )}
    </>
  )
}
