/**
 * The most characters of what a person writes that an event carries in one field: `MAX_TEXT` of @onewindow/contracts,
 * held equal by `services/acceptance/test/case.unit.test.ts`, which sees both (this package depends on nothing).
 */
export const SUMMARY_NOTE_MAX = 2000

/**
 * A note that summarises what the event carries whole elsewhere (an opinion's defects, a breach's findings), cut to
 * {@link SUMMARY_NOTE_MAX} and ending in `…` when cut: joined, a hundred findings of 2,000 characters each would make
 * a note no event may carry, and the event would fail the command that wrote it. Never cuts a character in half.
 */
export function summaryNote(text: string): string {
  if (text.length <= SUMMARY_NOTE_MAX) return text
  let end = SUMMARY_NOTE_MAX - 1
  const last = text.charCodeAt(end - 1)
  // A high surrogate left without its low half would make the note not Unicode (and refused by PostgreSQL's jsonb).
  if (last >= 0xd800 && last <= 0xdbff) end -= 1
  return `${text.slice(0, end)}…`
}
