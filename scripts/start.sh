#!/usr/bin/env bash
# `pnpm start`: bootstrap, install, make sure PostgreSQL and NATS answer (starting local ones under .data/ when
# they are installed but not running), create the database, generate Prisma clients, migrate and start every
# service. SIGINT or SIGTERM (Ctrl-C, `kill`, a supervisor) stops every service it started, and the nats-server
# when it started one, and waits for them (scripts/lib/services.sh).
#
# Ports: PORT_BASE (default 3000) for the gateway, then intake +1, approval +2, acceptance +3, utility +4,
# registration +5, notification +6, hotline +7; each may be set on its own (GATEWAY_PORT, INTAKE_PORT, …). The gateway is pointed at the
# others' ports. A second copy beside the first: `PORT_BASE=3100 pnpm start` (logs in .data/logs/3100/).
# Addresses: every service listens on 127.0.0.1 unless <SERVICE>_HOST says otherwise (GATEWAY_HOST=0.0.0.0 opens
# the public entry); a HOST in the environment is never handed to the internal services.
#
# Service-to-service identity: the gateway signs the caller of every forwarded call (docs/security.md). With no
# ONEWINDOW_ASSERTION_* key configured, a development key pair is made once under .data/assertion/ (never committed).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
source scripts/lib/services.sh
source scripts/lib/prerequisites.sh
supervise_signals
source scripts/bootstrap.sh
[ -d node_modules ] || pnpm install --frozen-lockfile

export DATABASE_URL="${DATABASE_URL:-postgresql://postgres@127.0.0.1:5432/onewindow}"
export NATS_URL="${NATS_URL:-nats://127.0.0.1:4222}"
data="$root/.data"
port_base="${PORT_BASE:-3000}"
logs="$data/logs"
[ -n "${PORT_BASE:-}" ] && [ "$PORT_BASE" != 3000 ] && logs="$data/logs/$PORT_BASE"
mkdir -p "$logs"

hostport() { node -e 'const u=new URL(process.argv[1]);console.log(`${u.hostname} ${u.port||process.argv[2]}`)' "$1" "$2"; }
answers() { (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null; }

read -r pg_host pg_port <<<"$(hostport "$DATABASE_URL" 5432)"
read -r nats_host nats_port <<<"$(hostport "$NATS_URL" 4222)"
# A server that does not answer is started here from its binaries; missing ones come from the distribution's
# packages: installed when root, else the one command to run is printed (scripts/lib/prerequisites.sh).
wanted=()
answers "$pg_host" "$pg_port" || wanted+=(postgresql)
answers "$nats_host" "$nats_port" || wanted+=(nats-server)
if [ ${#wanted[@]} -gt 0 ]; then
  read -r -a missing <<<"$(missing_packages "$PATH" /usr/lib/postgresql /usr/sbin "${wanted[@]}")"
  [ ${#missing[@]} -eq 0 ] || install_packages "$(id -u)" "$PATH" /etc "${missing[@]}" || exit 1
fi

if ! answers "$pg_host" "$pg_port"; then
  bin="$(postgres_bin_dir "$PATH" /usr/lib/postgresql)"
  if [ -z "$bin" ]; then
    echo "PostgreSQL does not answer at $pg_host:$pg_port and is not installed: install PostgreSQL (apt-get install postgresql) or set DATABASE_URL." >&2
    exit 1
  fi
  if [ ! -f "$data/postgres/PG_VERSION" ]; then
    echo "start: initialising PostgreSQL in .data/postgres"
    runas=(); [ "$(id -u)" = 0 ] && { chown -R postgres "$data" 2>/dev/null || true; runas=(runuser -u postgres --); }
    "${runas[@]}" "$bin/initdb" -D "$data/postgres" -U postgres --auth=trust >"$data/logs/initdb.log"
  fi
  echo "start: starting PostgreSQL on $pg_host:$pg_port"
  runas=(); [ "$(id -u)" = 0 ] && runas=(runuser -u postgres --)
  "${runas[@]}" "$bin/pg_ctl" -D "$data/postgres" -l "$data/logs/postgres.log" -o "-h $pg_host -p $pg_port -k /tmp" -w start
fi

if ! answers "$nats_host" "$nats_port"; then
  nats_bin="$(nats_server_bin "$PATH" /usr/sbin)"
  if [ -z "$nats_bin" ]; then
    echo "NATS does not answer at $nats_host:$nats_port and nats-server is not installed: install it (apt-get install nats-server) or set NATS_URL." >&2
    exit 1
  fi
  echo "start: starting nats-server with JetStream on $nats_host:$nats_port"
  mkdir -p "$data/nats"
  run_service /dev/null "$nats_bin" -a "$nats_host" -p "$nats_port" -js -sd "$data/nats" -l "$logs/nats.log"
  for _ in $(seq 50); do answers "$nats_host" "$nats_port" && break; sleep 0.1; done
fi

# The database named in DATABASE_URL, created when missing.
pnpm -s exec tsx packages/db/scripts/ensure-database.ts "$DATABASE_URL" || { echo "start: could not create the database in $DATABASE_URL" >&2; exit 1; }
pnpm -s db:generate >/dev/null

# NATS least privilege (docs/security.md#nats-least-privilege): against a server under infra/nats/nats.conf, the same
# NATS_<USER>_PASSWORD variables the server reads give each service its own user (run_service_as), and
# NATS_ADMIN_PASSWORD lets this script create the stream as the admin first (no service may). None set: no
# credentials, for an open server.
if [ -n "${NATS_ADMIN_PASSWORD:-}" ]; then
  NATS_USER=admin NATS_PASSWORD="$NATS_ADMIN_PASSWORD" pnpm -s onewindow nats setup
fi

services=()
for dir in services/*/; do [ -f "$dir/src/main.ts" ] && services+=("$(basename "$dir")"); done
if [ ${#services[@]} -eq 0 ]; then
  echo "start: PostgreSQL and NATS are up; no service has landed yet (services/*/src/main.ts)."
  exit 0
fi
# A development signing key for the gateway's tokens, made once and kept under .data/ (never committed);
# `pnpm onewindow token` reads the same file.
if [ -z "${JWT_SECRET:-}" ]; then
  [ -s "$data/jwt-secret" ] || node -e 'console.log(require("crypto").randomBytes(32).toString("base64url"))' >"$data/jwt-secret"
  JWT_SECRET="$(cat "$data/jwt-secret")"
fi
export JWT_SECRET
if [ -z "${ONEWINDOW_ASSERTION_PRIVATE_KEY:-}${ONEWINDOW_ASSERTION_PRIVATE_KEY_FILE:-}${ONEWINDOW_ASSERTION_PUBLIC_KEYS:-}${ONEWINDOW_ASSERTION_PUBLIC_KEYS_FILE:-}" ]; then
  keys="$data/assertion"
  mkdir -p "$keys" && chmod 700 "$keys"
  if [ ! -s "$keys/gateway.private.jwk.json" ]; then
    (umask 077 && scripts/onewindow assertion-keys new --kid "dev-$(date -u +%Y%m%dT%H%M%SZ)" >"$keys/gateway.private.jwk.json")
    scripts/onewindow assertion-keys jwks "$keys/gateway.private.jwk.json" >"$keys/services.jwks.json"
    echo "start: generated development assertion keys: .data/assertion/gateway.private.jwk.json (the gateway's), .data/assertion/services.jwks.json (what the services trust)"
  else
    echo "start: assertion keys from .data/assertion/ (gateway.private.jwk.json, services.jwks.json)"
  fi
  export ONEWINDOW_ASSERTION_PRIVATE_KEY_FILE="$keys/gateway.private.jwk.json"
  export ONEWINDOW_ASSERTION_PUBLIC_KEYS_FILE="$keys/services.jwks.json"
fi
# Each service's port: <SERVICE>_PORT, else PORT_BASE + its offset; the gateway finds the others there.
port_of() {
  local var offset
  var="$(echo "$1" | tr '[:lower:]-' '[:upper:]_')_PORT"
  case "$1" in
    gateway) offset=0 ;; intake) offset=1 ;; approval) offset=2 ;; acceptance) offset=3 ;; utility) offset=4 ;;
    registration) offset=5 ;; notification) offset=6 ;; hotline) offset=7 ;; *) offset='' ;;
  esac
  if [ -n "${!var:-}" ]; then echo "${!var}"; elif [ -n "$offset" ]; then echo $((port_base + offset)); fi
}
# Each service's address: <SERVICE>_HOST, else 127.0.0.1 — an internal port is never opened by a shared HOST.
host_of() {
  local var
  var="$(echo "$1" | tr '[:lower:]-' '[:upper:]_')_HOST"
  echo "${!var:-127.0.0.1}"
}
for upstream in intake approval acceptance utility registration notification hotline; do
  var="$(echo "$upstream" | tr '[:lower:]' '[:upper:]')_URL"
  [ -n "${!var:-}" ] || export "$var=http://127.0.0.1:$(port_of "$upstream")"
done
# Each service owns a schema of its own in the one database (DESIGN §5) and connects as its own role, which owns
# that schema and nothing else: <SERVICE>_DATABASE_URL, by default DATABASE_URL as the role onewindow_<service> with
# ?schema=<service> (a password in the URL is set on the role). The gateway's routes read as a second role that owns
# nothing, under row-level security: GATEWAY_READER_DATABASE_URL (onewindow_gateway_reader). The setup step
# (packages/db provisionSchema) runs here once, as DATABASE_URL's privileged identity; migrations then run at each
# service's start as its own role. docs/operations.md.
as_role() { node -e 'const u=new URL(process.argv[1]);u.username=process.argv[2];u.password="";u.searchParams.set("schema",process.argv[3]);console.log(u.toString())' "$DATABASE_URL" "$1" "$2"; }
url_var() { echo "$(echo "$1" | tr '[:lower:]-' '[:upper:]_')_DATABASE_URL"; }
provision=()
for svc in "${services[@]}"; do
  var="$(url_var "$svc")"
  [ -n "${!var:-}" ] || export "$var=$(as_role "onewindow_${svc//-/_}" "$svc")"
  provision+=("${!var}")
  if [ "$svc" = gateway ]; then
    [ -n "${GATEWAY_READER_DATABASE_URL:-}" ] || export GATEWAY_READER_DATABASE_URL="$(as_role onewindow_gateway_reader gateway)"
    provision+=(--reader "$GATEWAY_READER_DATABASE_URL")
  fi
done
# The console (apps/console), built when its files are missing or older than its sources; the gateway serves it at /.
if [ -d apps/console ]; then
  if [ ! -f apps/console/dist/index.html ] || [ -n "$(find apps/console/src apps/console/index.html -newer apps/console/dist/index.html -print -quit)" ]; then
    echo "start: building the console (apps/console)"
    pnpm -s build:console >"$logs/console-build.log" 2>&1 || { echo "start: the console did not build (see ${logs#"$root/"}/console-build.log)" >&2; exit 1; }
  fi
  export CONSOLE_DIR="${CONSOLE_DIR:-$root/apps/console/dist}"
fi
# The console's development sign-in: any role, no password. On for a local run unless DEV_LOGIN=off is set.
export DEV_LOGIN="${DEV_LOGIN:-on}"
[ "$DEV_LOGIN" = on ] && echo "start: DEV_LOGIN=on — the console's sign-in page gives a token for any role (development only; DEV_LOGIN=off to turn it off)"
pnpm -s exec tsx packages/db/scripts/provision.ts "$DATABASE_URL" "${provision[@]}" || { echo "start: the database setup step failed (roles and schemas, as the identity in DATABASE_URL)" >&2; exit 1; }
for svc in "${services[@]}"; do
  var="$(url_var "$svc")"
  port="$(port_of "$svc")"
  host="$(host_of "$svc")"
  reader=()
  [ "$svc" = gateway ] && reader=(READER_DATABASE_URL="$GATEWAY_READER_DATABASE_URL")
  echo "start: $svc on $host:${port:-(its default)} (log: ${logs#"$root/"}/$svc.log)"
  run_service_as "$svc" "$logs/$svc.log" env DATABASE_URL="${!var}" "${reader[@]}" HOST="$host" ${port:+PORT="$port"} pnpm --filter "@onewindow/$svc" -s start
done
# Until a signal: the trap stops every service and waits for them.
wait
