import { Typography } from 'antd'

// Placeholder until this screen is built (issue 14).
export default function Projects() {
  return <Typography.Title level={1}>我的项目</Typography.Title>
}
