// What packages/testing's global setup provides to every test file (its own declaration lives there; this
// package does not depend on @onewindow/testing, which builds on it).
import 'vitest'

declare module 'vitest' {
  export interface ProvidedContext {
    databaseUrl: string
    natsUrl: string
  }
}
