import { useQuery } from '@tanstack/react-query'
import { Typography } from 'antd'
import { api, keys, must } from '../../api'
import { ProblemAlert } from '../../components/problem'
import { UnreadableNotice } from '../../components/unreadable-notice'
import { ProjectPermits } from '../shared/certificate-objections'

/** The registration office issues no permit: every permit of the project is another department's, open to dispute. */
const NO_OWN_ITEMS: ReadonlySet<string> = new Set()

/**
 * 本项目电子证照 of a registration case's project: the permits the first registration relies on instead of paper
 * (004:1132: the construction permit, the planning permits …), each open to 证照异议 (004:1134) with the objections the
 * registration office raised and the issuers' answers. The gateway lists them to a registrar with a case on the project.
 */
export function CasePermits({ projectId }: { projectId: string }) {
  const list = useQuery({
    queryKey: [...keys.project(projectId), 'certificates'],
    queryFn: () => must(api.GET('/api/v1/projects/{id}/certificates', { params: { path: { id: projectId } } })),
  })
  if (list.isPending) return <Typography.Text type="secondary">正在加载…</Typography.Text>
  if (list.error) return <ProblemAlert error={list.error} />
  const { certificates, unreadable } = list.data
  // A certificate stored in a shape this gateway cannot read is listed apart: "none" only when none is.
  const notice = <UnreadableNotice count={unreadable.length} what="证照" />
  if (!certificates.some((c) => c.kind === 'permit'))
    return unreadable.length > 0 ? notice : <Typography.Text>本项目暂无许可证照</Typography.Text>
  return (
    <>
      <ProjectPermits certificates={certificates} ownItems={NO_OWN_ITEMS} />
      {notice}
    </>
  )
}
