// Plain lists, not antd's List: it brings Pagination and with it Select and Spin, ~38 KB of gzipped script the owner's
// page (budget 300 KB, issue 14) has no use for. One look for every list of the project's page.
export const boxedList = {
  listStyle: 'none',
  margin: 0,
  padding: 0,
  border: '1px solid #d9d9d9',
  borderRadius: 8,
} as const
export const boxedItem = { padding: '8px 16px', borderTop: '1px solid #f0f0f0', overflowWrap: 'anywhere' } as const
