// What the global setup hands every test file: `inject('databaseUrl')`, `inject('natsUrl')`.
declare module 'vitest' {
  export interface ProvidedContext {
    databaseUrl: string
    natsUrl: string
  }
}

export {}
