import { Typography } from 'antd'

// Placeholder until this screen is built (issue 14).
export default function Inbox() {
  return <Typography.Title level={1}>待办事项</Typography.Title>
}
