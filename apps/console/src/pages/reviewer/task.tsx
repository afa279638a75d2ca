import { Typography } from 'antd'

// Placeholder until this screen is built (issue 14).
export default function Task() {
  return <Typography.Title level={1}>审批任务</Typography.Title>
}
