import { Alert, Typography } from 'antd'
import { ApiProblem } from '../api'

/**
 * A refused request as a person reads it: what went wrong in Chinese (`ApiProblem.chinese`, problem-text.ts: from the
 * problem's `code` and members), each field it names with its message in Chinese, and — smaller, for support to match
 * with the logs — the code and the services' English `detail`. A code without a sentence of its own gets a generic
 * one by status with the English detail below it at full size, so the refusal always says what went wrong.
 */
export function ProblemAlert({ error }: { error: unknown }) {
  if (!error) return null
  if (error instanceof ApiProblem) {
    // No `chinese` only when problem-text.ts could not be fetched (the network lost): the detail says what it can.
    const text = error.chinese?.text ?? '请求未能办理。'
    const known = error.chinese?.known ?? false
    return (
      <Alert
        type="error"
        showIcon
        style={{ marginBottom: 16 }}
        title={`请求未成功（${error.status}）`}
        description={
          <>
            <div>{text}</div>
            {!known && error.detail && <div lang="en">{error.detail}</div>}
            {error.errors.length > 0 && (
              <ul>
                {error.errors.map((e, i) => (
                  <li key={`${e.field}:${e.message}`}>
                    <code>{e.field}</code>：{error.chinese?.fields[i] ?? e.message}
                  </li>
                ))}
              </ul>
            )}
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              错误代码 <code>{error.code}</code>
              {known && error.detail && (
                <>
                  ，原文：<span lang="en">{error.detail}</span>
                </>
              )}
            </Typography.Text>
          </>
        }
      />
    )
  }
  return <Alert type="error" showIcon style={{ marginBottom: 16 }} title="请求未成功" description={String(error)} />
}

/** One field's message of a refused form, in Chinese where its shape is known, to show next to it (Form.Item `help`). */
export function fieldMessage(error: unknown, field: string): string | undefined {
  if (!(error instanceof ApiProblem)) return undefined
  const i = error.errors.findIndex((e) => e.field === field || e.field.startsWith(`${field}/`))
  return i < 0 ? undefined : (error.chinese?.fields[i] ?? error.errors[i]?.message)
}
