import { type ComponentType, lazy, Suspense } from 'react'
import { PartBoundary } from './failed'

/**
 * A component fetched as a chunk of its own the first time it is shown, showing nothing until it has come: for a
 * page's parts that need not be there when the page first shows (the owner's progress page keeps within issue 14's
 * script budget so, apps/console/test/weight.unit.test.ts). A chunk that cannot be fetched says so in the part's place.
 */
export function later<P extends object>(load: () => Promise<ComponentType<P>>): ComponentType<P> {
  const Fetched = lazy(async () => ({ default: await load() }))
  // Called once per part, at a module's top level as React's own `lazy` is: the component is made once, not per render.
  // biome-ignore lint/correctness/noComponentHookFactories: see above
  return function Later(props: P) {
    return (
      <PartBoundary>
        <Suspense fallback={null}>
          <Fetched {...props} />
        </Suspense>
      </PartBoundary>
    )
  }
}
