import { Typography } from 'antd'

// Placeholder until this screen is built (issue 14).
export default function Dashboard() {
  return <Typography.Title level={1}>监督看板</Typography.Title>
}
