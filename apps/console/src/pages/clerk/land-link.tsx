import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { Button, Card, Descriptions, Form, Select, Space, Typography } from 'antd'
import { api, keys, must } from '../../api'
import { fieldMessage, ProblemAlert } from '../../components/problem'
import { chineseDate } from '../../format'

/**
 * 项目用地 at the window (docs/shared-results.md): the clerk locates the project in an assessed area (区域评估,
 * 004:2265) or links the plot it was sold (用地清单, 004:2263) — a plot inside an area locates it there too. Only the
 * project's region is offered, as intake refuses another; what intake refuses (a second area, a second plot) is shown
 * with the field it names. Linking refreshes the checklist under the project's status.
 */
export function LandLink({ projectId, region }: { projectId: string; region: string }) {
  const client = useQueryClient()
  const land = useQuery({
    queryKey: keys.projectLand(projectId),
    queryFn: () => must(api.GET('/api/v1/projects/{id}/land', { params: { path: { id: projectId } } })),
  })
  const areas = useQuery({
    queryKey: [...keys.landAreas(), region],
    queryFn: () => must(api.GET('/api/v1/areas', { params: { query: { region } } })),
  })
  const plots = useQuery({
    queryKey: [...keys.landPlots(), region],
    queryFn: () => must(api.GET('/api/v1/plots', { params: { query: { region } } })),
  })
  const refresh = () => client.invalidateQueries({ queryKey: keys.status(projectId) })
  const linkArea = useMutation({
    mutationFn: (areaId: string) =>
      must(api.POST('/api/v1/projects/{id}/area', { params: { path: { id: projectId } }, body: { areaId } })),
    onSuccess: refresh,
  })
  const linkPlot = useMutation({
    mutationFn: (plotId: string) =>
      must(api.POST('/api/v1/projects/{id}/plot', { params: { path: { id: projectId } }, body: { plotId } })),
    onSuccess: refresh,
  })
  const area = land.data?.land.area
  const plot = land.data?.land.plot
  const areaName = (id: string | undefined) => areas.data?.areas.find((a) => a.areaId === id)?.name
  // Once the project stands in an area, a plot of another one would locate it in a second: intake refuses it, so it
  // is not offered.
  const offeredPlots = plots.data?.plots.filter((p) => !area || !p.areaId || p.areaId === area.areaId)
  // The plot's refusal names `/plotId`, or `/areaId` when the plot lies in an area other than the project's: either
  // is about the plot picked, so it is shown on the plot field (as the docs say, next to the field).
  const plotRefused = fieldMessage(linkPlot.error, '/plotId') ?? fieldMessage(linkPlot.error, '/areaId')

  return (
    <Card title={<h2 style={{ fontSize: 16, margin: 0 }}>项目用地</h2>} size="small">
      <section aria-label="项目用地">
        <ProblemAlert error={land.error ?? areas.error ?? plots.error} />
        <ProblemAlert
          error={linkArea.error ?? linkPlot.error}
          fields={{ '/areaId': '所在评估区域', '/plotId': '出让宗地' }}
        />
        {linkArea.isSuccess && <Typography.Paragraph>已确认所在区域。</Typography.Paragraph>}
        {linkPlot.isSuccess && <Typography.Paragraph>已关联宗地。</Typography.Paragraph>}
        {land.data && (
          <Descriptions
            size="small"
            column={1}
            items={[
              {
                key: 'area',
                label: '所在评估区域',
                children: area ? `${area.name}（${area.code}）` : '未确认（不在已评估区域内的项目按清单提交评估报告）',
              },
              {
                key: 'plot',
                label: '宗地',
                children: plot
                  ? `${plot.name}（${plot.plotCode}），${chineseDate(plot.soldOn)}出让，用地清单 ${plot.entries.length} 项`
                  : '未关联',
              },
            ]}
          />
        )}
        <Space wrap align="start" size="large">
          {land.data && !area && (
            <Form
              name="link-area"
              layout="vertical"
              onFinish={(v: { areaId: string }) => {
                linkPlot.reset()
                linkArea.mutate(v.areaId)
              }}
            >
              <Form.Item
                name="areaId"
                label="所在评估区域"
                rules={[{ required: true, message: '请选择区域' }]}
                {...(fieldMessage(linkArea.error, '/areaId')
                  ? { help: fieldMessage(linkArea.error, '/areaId'), validateStatus: 'error' as const }
                  : {})}
              >
                <Select
                  style={{ width: 320 }}
                  loading={areas.isPending}
                  options={areas.data?.areas.map((a) => ({ value: a.areaId, label: `${a.name}（${a.code}）` }))}
                />
              </Form.Item>
              <Button htmlType="submit" loading={linkArea.isPending}>
                确认所在区域
              </Button>
            </Form>
          )}
          {land.data && !plot && (
            <Form
              name="link-plot"
              layout="vertical"
              onFinish={(v: { plotId: string }) => {
                linkArea.reset()
                linkPlot.mutate(v.plotId)
              }}
            >
              <Form.Item
                name="plotId"
                label="出让宗地"
                rules={[{ required: true, message: '请选择宗地' }]}
                {...(plotRefused ? { help: plotRefused, validateStatus: 'error' as const } : {})}
              >
                <Select
                  style={{ width: 320 }}
                  loading={plots.isPending}
                  options={offeredPlots?.map((p) => ({
                    value: p.plotId,
                    label: `${p.name}（${p.plotCode}）${areaName(p.areaId) ? `，位于${areaName(p.areaId)}` : ''}`,
                  }))}
                />
              </Form.Item>
              <Button htmlType="submit" loading={linkPlot.isPending}>
                关联宗地
              </Button>
            </Form>
          )}
        </Space>
      </section>
    </Card>
  )
}
