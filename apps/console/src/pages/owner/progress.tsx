import { Typography } from 'antd'

// Placeholder until this screen is built (issue 14).
export default function Progress() {
  return <Typography.Title level={1}>项目进度</Typography.Title>
}
