import { Result } from 'antd'
import { Link } from 'react-router'

/** A page that does not exist, or a record the caller may not see: the same answer, so nothing is given away. */
export function NotFound({ what }: { what?: string }) {
  return (
    <Result
      status="404"
      title="未找到"
      subTitle={what ? `未找到${what}，或您无权查看。` : '页面不存在，或您无权查看。'}
      extra={<Link to="/">返回首页</Link>}
    />
  )
}
