import { describe, expect, it } from 'vitest'
import { TicketDispatchedV1, TicketRegisteredV1 } from '../src/hotline/events.js'

// The 办不成事 window's channel (`window`) joined `phone` and `online`: every event stored before it still reads, and a
// window ticket carries the clerk who registered it.

/** A ticket as the hotline published it before the window: no `windowClerk`, channel `phone`. */
const stored = {
  ticketId: '01890a5d-ac96-774b-bcce-b302099a8057',
  groupId: '01890a5d-ac96-774b-bcce-b302099a8058',
  type: 'complaint',
  channel: 'phone',
  status: 'registered',
  title: '规划许可逾期未办结',
  content: '建设工程规划许可证申请已超过承诺时限仍未办结。',
  realName: false,
  hidden: [],
  coHandlers: [],
  registeredAt: '2026-03-02T01:00:00Z',
  registeredOn: '2026-03-02',
  dispatch: { spec: { limit: { value: 1, unit: 'W' }, start: '2026-03-02', suspensions: [] }, due: '2026-03-03' },
  dispatches: 0,
  originalLimit: 10,
  extensions: [],
  restarts: [],
  returns: [],
  ratings: [],
  returnVisits: [],
  rehandled: false,
  supervisions: [],
  version: 1,
  updatedAt: '2026-03-02T01:00:00Z',
}

describe('TicketChannel', () => {
  it('reads the stored phone and online tickets as before', () => {
    for (const channel of ['phone', 'online'])
      expect(TicketRegisteredV1.validator.Check({ ticket: { ...stored, channel } })).toBe(true)
  })

  it('reads a window ticket with its clerk, and no channel it does not name', () => {
    const window = { ...stored, channel: 'window', windowClerk: 'clerk-1' }
    expect(TicketRegisteredV1.validator.Check({ ticket: window })).toBe(true)
    expect(TicketDispatchedV1.validator.Check({ ticket: { ...window, status: 'dispatched' } })).toBe(true)
    expect(TicketRegisteredV1.validator.Check({ ticket: { ...stored, channel: 'fax' } })).toBe(false)
    expect(TicketRegisteredV1.validator.Check({ ticket: { ...window, windowClerk: 'x'.repeat(256) } })).toBe(false)
  })
})
