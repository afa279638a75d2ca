import { Alert, Typography } from 'antd'
import { ApiProblem } from '../api'

/**
 * The Chinese names of a form's fields, by the pointer a refusal names them with: as the gateway's schema names them
 * (`/body/eligibility/county`) or as a service does (`/eligibility/county`) — either key finds both. A pointer under a
 * named one takes its name (`/body/stages/2` is 覆盖阶段 when `/stages` is named).
 */
export type FieldNames = Readonly<Record<string, string>>

const SCHEMA_PART = /^\/(?:body|querystring|params)(?=\/|$)/

/** A refused field's Chinese name, from the page's {@link FieldNames}: its own, else its nearest named parent's. */
export function fieldName(names: FieldNames | undefined, pointer: string): string | undefined {
  if (!names) return undefined
  const byField = new Map(Object.entries(names).map(([key, name]) => [key.replace(SCHEMA_PART, ''), name]))
  for (let at = pointer.replace(SCHEMA_PART, ''); at.length > 0; at = at.slice(0, at.lastIndexOf('/'))) {
    const name = byField.get(at)
    if (name !== undefined) return name
  }
  return undefined
}

const CHINESE = /[\u4e00-\u9fff]/

/**
 * The lines under a refusal's sentence, as a person reads them: each field in Chinese, by its Chinese name where the
 * page gives one (`fields`), never by its pointer; a field that only repeats the sentence is named alone (or left out,
 * unnamed); a message with no Chinese (a shape problem-text.ts does not know) is not shown in English: the field is
 * said to be wrong, or, unnamed, pointed to in 技术详情 by one line.
 */
export function problemLines(error: ApiProblem, fields?: FieldNames): string[] {
  const text = error.chinese?.text ?? ''
  const lines: string[] = []
  let unsaid = 0
  error.errors.forEach((e, i) => {
    const name = fieldName(fields, e.field)
    const said = error.chinese?.fields[i] ?? ''
    const own = said !== text && CHINESE.test(said) ? said : undefined
    if (name) lines.push(own ? `${name}：${own}` : said === text ? name : `${name}：填写内容不符合要求`)
    else if (own) lines.push(own)
    else if (said !== text) unsaid += 1
  })
  // Alone, they are what the sentence above says in general (a step out of order names `/step`): no count to mislead.
  if (unsaid > 0)
    lines.push(lines.length > 0 ? `另有 ${unsaid} 处问题，说明见下方“技术详情”。` : '详细说明见下方“技术详情”。')
  return [...new Set(lines)]
}

/**
 * A refused request as a person reads it: what went wrong in Chinese (`ApiProblem.chinese`, problem-text.ts: from the
 * problem's `code` and members), then each field it names in Chinese, by the field's Chinese name where the page gives
 * one (`fields`, as its form labels it) — never by its JSON pointer. What support matches with the logs — the code, the
 * services' English `detail`, each field's pointer with the message as sent — is kept in a collapsed 技术详情 (a
 * native `<details>`: one click or Enter opens it, a screen reader announces it as collapsed), open from the start only
 * where that detail is the page's own subject (`detailsOpen`: the administrator's catalogue upload, whose problems are
 * paths in the document it sent). A code without a sentence of its own gets a generic one by status.
 */
export function ProblemAlert({
  error,
  fields,
  detailsOpen = false,
}: {
  error: unknown
  /** The page's fields by their Chinese names, to name a refused field by (see {@link FieldNames}). */
  fields?: FieldNames
  detailsOpen?: boolean
}) {
  if (!error) return null
  if (error instanceof ApiProblem) {
    // No `chinese` only when problem-text.ts could not be fetched (the network lost): the generic sentence.
    const text = error.chinese?.text ?? '请求未能办理。'
    const lines = problemLines(error, fields)
    return (
      <Alert
        type="error"
        showIcon
        style={{ marginBottom: 16 }}
        title={`请求未成功（${error.status}）`}
        description={
          <>
            <div>{text}</div>
            {lines.length > 0 && (
              <ul style={{ marginBottom: 4 }}>
                {lines.map((line) => (
                  <li key={line}>{line}</li>
                ))}
              </ul>
            )}
            <details open={detailsOpen} style={{ marginTop: 4 }}>
              <summary style={{ cursor: 'pointer' }}>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  技术详情
                </Typography.Text>
              </summary>
              <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginBottom: 0 }}>
                错误代码 <code>{error.code}</code>
                {error.detail && (
                  <>
                    <br />
                    原文：<span lang="en">{error.detail}</span>
                  </>
                )}
              </Typography.Paragraph>
              {error.errors.length > 0 && (
                <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginBottom: 0 }}>
                  <ul style={{ margin: 0 }}>
                    {error.errors.map((e) => (
                      <li key={`${e.field}:${e.message}`}>
                        <code>{e.field}</code>：<span lang="en">{e.message}</span>
                      </li>
                    ))}
                  </ul>
                </Typography.Paragraph>
              )}
            </details>
          </>
        }
      />
    )
  }
  return <Alert type="error" showIcon style={{ marginBottom: 16 }} title="请求未成功" description={String(error)} />
}

/**
 * One field's message of a refused form, to show next to it (Form.Item `help`): in Chinese where its shape is known,
 * else that the field is wrong — the English stays in the alert's 技术详情.
 */
export function fieldMessage(error: unknown, field: string): string | undefined {
  if (!(error instanceof ApiProblem)) return undefined
  const i = error.errors.findIndex((e) => e.field === field || e.field.startsWith(`${field}/`))
  if (i < 0) return undefined
  const said = error.chinese?.fields[i] ?? ''
  return CHINESE.test(said) ? said : '填写内容不符合要求'
}
