import { Typography } from 'antd'

// Placeholder until this screen is built (issue 14).
export default function DeadLetters() {
  return <Typography.Title level={1}>死信队列</Typography.Title>
}
