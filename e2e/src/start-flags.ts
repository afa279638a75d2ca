// The Node flags a service's `start` script gives it (`"start": "NODE_OPTIONS=\"--max-semi-space-size=16 …\" tsx …"`):
// the one place they are written. The image runs `node` directly, not the script, so docker-compose.yml and the
// Kubernetes manifests must repeat them (checked by e2e/test/deploy-*.unit.test.ts), and the benchmarks' service
// processes take them from here, so that what `pnpm bench:soak` measures is the memory a deployment has.
import { readFileSync } from 'node:fs'

/** The flags in the `NODE_OPTIONS="…"` prefix of `services/<service>/package.json`'s start script; none if it has none. */
export function startNodeOptions(service: string): string[] {
  const pkg = JSON.parse(readFileSync(new URL(`../../services/${service}/package.json`, import.meta.url), 'utf8')) as {
    scripts?: Record<string, string>
  }
  const prefix = /NODE_OPTIONS="([^"]*)"/.exec(pkg.scripts?.['start'] ?? '')?.[1] ?? ''
  // `${NODE_OPTIONS:-}` passes the caller's own options on; it is not a flag of the service's.
  return prefix.split(/\s+/).filter((flag) => flag.startsWith('--'))
}
