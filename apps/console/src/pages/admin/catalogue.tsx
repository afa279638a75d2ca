import { useMutation, useQueries, useQuery, useQueryClient } from '@tanstack/react-query'
import { Alert, Button, Input, Space, Table, Typography } from 'antd'
import { useRef, useState } from 'react'
import { api, keys, must } from '../../api'
import { DayPick } from '../../components/day-picker'
import { ProblemAlert } from '../../components/problem'
import { StatusTag } from '../../components/status-tag'
import { chineseDate, chineseDateTime } from '../../format'
import type { paths } from '../../generated/api'
import { type CatalogueNames, warningText } from './catalogue-text'

type Version =
  paths['/api/v1/admin/catalogue/versions']['get']['responses'][200]['content']['application/json']['versions'][number]
type Document =
  paths['/api/v1/admin/catalogue/versions']['post']['requestBody']['content']['application/json']['document']
type Catalogue =
  paths['/api/v1/catalogue/{region}']['get']['responses'][200]['content']['application/json']['catalogue']

// A catalogue document is tens of kilobytes; the gateway refuses a body over its limit anyway, this says so sooner.
const FILE_MAX = 2 * 1024 * 1024

/** The file's JSON, or why it is none: a person picked the wrong file more often than a broken one. */
async function documentOf(file: File): Promise<{ document: Document } | { problem: string }> {
  if (file.size > FILE_MAX) return { problem: `文件超过 ${FILE_MAX / 1024 / 1024} MB，不是目录文件。` }
  try {
    const parsed: unknown = JSON.parse(await file.text())
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
      return { problem: '文件内容不是一个目录（JSON 对象）。' }
    }
    return { document: parsed as Document }
  } catch (err) {
    return { problem: `文件不是有效的 JSON：${err instanceof Error ? err.message : String(err)}` }
  }
}

/** The region's Chinese name a document gives (`region.name.zh`), if it gives one. */
function documentRegionName(document: Document | undefined): string | undefined {
  const name = document?.region?.['name']
  const zh = typeof name === 'object' && name !== null ? (name as Record<string, unknown>)['zh'] : undefined
  return typeof zh === 'string' && zh !== '' ? zh : undefined
}

/** A region as a sentence names it: 汕尾市（441500）, or its code alone when its name is not known. */
const regionText = (code: string, name: string | undefined) => (name ? `${name}（${code}）` : ` ${code} `)

/** Project types and steps by their Chinese names, from the region's catalogue (the one active today). */
function namesOf(catalogue: Catalogue | undefined): CatalogueNames {
  const types = new Map((catalogue?.projectTypes ?? []).map((t) => [t.code, t] as const))
  return {
    projectType: (code) => types.get(code)?.name.zh,
    step: (type, code) => types.get(type)?.steps.find((s) => s.code === code)?.name.zh,
  }
}

/**
 * 事项目录 — a region's catalogue versions (目录: project types, steps, items, limits) as the admin uploads and
 * activates them (`/api/v1/admin/catalogue/versions`, docs/catalogue.md). An upload is checked as `onewindow catalogue
 * validate` checks a file, every problem at once; a version is activated from a day (today or later), and projects of
 * the region registered from that day pin it, those before keep theirs.
 */
export default function CatalogueVersions() {
  const client = useQueryClient()
  const [region, setRegion] = useState('')
  const [fileProblem, setFileProblem] = useState<string>()
  const [days, setDays] = useState<Record<string, string | undefined>>({})
  const [picked, setPicked] = useState<string>()
  const fileInput = useRef<HTMLInputElement>(null)
  const filter = /^\d{6}$/.test(region.trim()) ? region.trim() : undefined
  const versions = useQuery({
    queryKey: [...keys.catalogueVersions(), filter ?? 'all'],
    queryFn: () =>
      must(api.GET('/api/v1/admin/catalogue/versions', { params: { query: filter ? { region: filter } : {} } })),
  })
  // Each listed region's catalogue (the one active today), for its Chinese name and its project types' and steps'.
  const regions = [...new Set((versions.data?.versions ?? []).map((v) => v.region))]
  const catalogues = useQueries({
    queries: regions.map((code) => ({
      queryKey: keys.catalogue(code),
      queryFn: () => must(api.GET('/api/v1/catalogue/{region}', { params: { path: { region: code } } })),
      staleTime: 10 * 60_000,
    })),
  })
  const catalogueOf = (code: string) => catalogues[regions.indexOf(code)]?.data?.catalogue
  const refresh = () => client.invalidateQueries({ queryKey: keys.catalogueVersions() })
  const upload = useMutation({
    mutationFn: (document: Document) => must(api.POST('/api/v1/admin/catalogue/versions', { body: { document } })),
    onSuccess: refresh,
  })
  const activate = useMutation({
    mutationFn: (v: { region: string; version: string; activeFrom: string }) =>
      must(
        api.POST('/api/v1/admin/catalogue/versions/{region}/{version}/activate', {
          params: { path: { region: v.region, version: v.version } },
          body: { activeFrom: v.activeFrom },
        }),
      ),
    onSuccess: refresh,
  })
  const pick = async (file: File | undefined) => {
    setFileProblem(undefined)
    upload.reset()
    if (!file) return
    setPicked(file.name)
    const read = await documentOf(file)
    if ('problem' in read) setFileProblem(read.problem)
    else upload.mutate(read.document)
  }

  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <Typography.Title level={1} style={{ marginBottom: 0 }}>
        事项目录
      </Typography.Title>
      <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
        上传一个地区的目录版本（JSON
        文件），系统检查整个文件并一次列出全部问题；启用时选择生效日期（今天或以后），该日起登记的项目使用新版本，此前登记的项目不变。
      </Typography.Paragraph>
      <Space wrap>
        {/* The browser's own file button speaks the browser's language: a button of ours opens the hidden input. */}
        <input
          ref={fileInput}
          id="catalogue-file"
          type="file"
          aria-label="上传目录文件"
          accept="application/json,.json"
          hidden
          disabled={upload.isPending}
          onChange={(e) => {
            void pick(e.target.files?.[0])
            e.target.value = ''
          }}
        />
        <Button type="primary" loading={upload.isPending} onClick={() => fileInput.current?.click()}>
          选择目录文件上传（JSON）
        </Button>
        <Typography.Text type="secondary">{picked ? `已选择 ${picked}` : '未选择文件'}</Typography.Text>
      </Space>
      {fileProblem && <Alert type="error" showIcon title={fileProblem} />}
      {/* The problems of an uploaded document are paths in it: its 技术详情 are what the administrator corrects. */}
      <ProblemAlert error={upload.error} detailsOpen />
      {upload.data && (
        <Alert
          type="success"
          showIcon
          title={`已上传${regionText(
            upload.data.version.region,
            documentRegionName(upload.variables) ?? catalogueOf(upload.data.version.region)?.region.name.zh,
          )}的 ${upload.data.version.version} 版（未启用）`}
        />
      )}
      <Space wrap>
        <label htmlFor="catalogue-region">地区代码</label>
        <Input
          id="catalogue-region"
          style={{ width: 160 }}
          allowClear
          maxLength={6}
          placeholder="全部地区"
          value={region}
          onChange={(e) => setRegion(e.target.value)}
        />
      </Space>
      <ProblemAlert error={versions.error} />
      <ProblemAlert error={activate.error} />
      <Table<Version>
        rowKey="pin"
        loading={versions.isPending}
        dataSource={versions.data?.versions ?? []}
        pagination={false}
        size="small"
        locale={{ emptyText: '暂无上传的目录版本' }}
        columns={[
          {
            title: '地区',
            key: 'region',
            render: (_, v) => {
              const name = catalogueOf(v.region)?.region.name.zh
              return name ? (
                <span title={`地区代码 ${v.region}`} style={{ whiteSpace: 'nowrap' }}>
                  <Typography.Text>{name}</Typography.Text>
                  <br />
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {v.region}
                  </Typography.Text>
                </span>
              ) : (
                v.region
              )
            },
          },
          { title: '版本', dataIndex: 'version' },
          { title: '上传时间', key: 'uploadedAt', render: (_, v) => chineseDateTime(v.uploadedAt) },
          {
            title: '启用',
            key: 'activeFrom',
            render: (_, v) =>
              v.activeFrom ? (
                <StatusTag tone="green">自{chineseDate(v.activeFrom)}起</StatusTag>
              ) : (
                <StatusTag tone="grey">未启用</StatusTag>
              ),
          },
          {
            title: '提示',
            key: 'warnings',
            render: (_, v) =>
              v.warnings.length === 0 ? (
                '—'
              ) : (
                <ul style={{ margin: 0, paddingInlineStart: 16 }}>
                  {v.warnings.map((w) => {
                    const raw = `${w.code} ${w.path}: ${w.message}`
                    const said = warningText(w, namesOf(catalogueOf(v.region)))
                    return (
                      <li key={`${w.code}:${w.path}`} title={raw}>
                        {said ?? (
                          <>
                            <code>{w.path}</code>：{w.message}
                          </>
                        )}
                      </li>
                    )
                  })}
                </ul>
              ),
          },
          {
            title: '操作',
            key: 'activate',
            render: (_, v) =>
              v.activeFrom ? null : (
                <Space>
                  <DayPick
                    label={`${v.version} 版的生效日期`}
                    value={days[v.pin]}
                    onChange={(day) => setDays({ ...days, [v.pin]: day })}
                  />
                  <Button
                    disabled={!days[v.pin]}
                    loading={activate.isPending && activate.variables?.version === v.version}
                    onClick={() => {
                      const day = days[v.pin]
                      if (day) activate.mutate({ region: v.region, version: v.version, activeFrom: day })
                    }}
                  >
                    启用
                  </Button>
                </Space>
              ),
          },
        ]}
      />
    </Space>
  )
}
