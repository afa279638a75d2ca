/**
 * A person's search text for LIKE/ILIKE (and Prisma's `contains`, which lowers to them without escaping): its `%`,
 * `_` and `\` match themselves, so "100%" finds "100%达标" and not every row with "100" in it.
 */
export const likeLiteral = (text: string): string => text.replace(/[\\%_]/g, (c) => `\\${c}`)
