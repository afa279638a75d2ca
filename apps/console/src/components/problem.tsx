import { Alert } from 'antd'
import { ApiProblem } from '../api'

/** A refused request as a person reads it: the gateway's sentence, and each field it names. */
export function ProblemAlert({ error }: { error: unknown }) {
  if (!error) return null
  if (error instanceof ApiProblem) {
    return (
      <Alert
        type="error"
        showIcon
        style={{ marginBottom: 16 }}
        title={`请求未成功（${error.status}）`}
        description={
          <>
            <div>{error.detail}</div>
            {error.errors.length > 0 && (
              <ul>
                {error.errors.map((e) => (
                  <li key={`${e.field}:${e.message}`}>
                    <code>{e.field}</code>：{e.message}
                  </li>
                ))}
              </ul>
            )}
          </>
        }
      />
    )
  }
  return <Alert type="error" showIcon style={{ marginBottom: 16 }} title="请求未成功" description={String(error)} />
}

/** The message for one field of a refused form, to show next to that field (antd Form.Item `help`). */
export function fieldMessage(error: unknown, field: string): string | undefined {
  if (!(error instanceof ApiProblem)) return undefined
  return error.errors.find((e) => e.field === field || e.field.startsWith(`${field}/`))?.message
}
