import { Typography } from 'antd'

// Placeholder until this screen is built (issue 14).
export default function Desk() {
  return <Typography.Title level={1}>一窗受理</Typography.Title>
}
