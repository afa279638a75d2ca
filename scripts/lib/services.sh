# Process supervision for scripts/start.sh (sourced). Each service runs in a process group of its own (setsid), so
# a stop reaches pnpm, tsx and node alike: signalling only the pid we started (pnpm) never reached the services.
#
#   run_service <log file> <command…>     start one, in the background
#   stop_services                         SIGTERM every group, wait up to $stop_grace s, then SIGKILL what is left
#   supervise_signals                     SIGINT/SIGTERM (and exit) stop every service and wait for them

svc_pids=()
# Seconds to wait for the services after SIGTERM: their own drain (SHUTDOWN_GRACE_MS, default 10 s) and a margin.
stop_grace=$(((${SHUTDOWN_GRACE_MS:-10000} + 999) / 1000 + 5))

run_service() {
  local log="$1"
  shift
  # In a script (no job control) a background child is not a group leader, so setsid makes it one without forking:
  # $! is the group id.
  setsid "$@" >"$log" 2>&1 &
  svc_pids+=("$!")
}

# run_service_as <service> <log> <command…>: run_service as the service's NATS user when NATS_<SERVICE>_PASSWORD (the
# variable the server's infra/nats/authorization.conf reads) is set: NATS_USER and NATS_PASSWORD reach it through its
# environment, never its command line, which `ps` shows to every local user (docs/operations.md#nats-credentials).
run_service_as() {
  local service="$1" var
  shift
  var="NATS_$(echo "$service" | tr '[:lower:]-' '[:upper:]_')_PASSWORD"
  if [ -n "${!var:-}" ]; then
    NATS_USER="$service" NATS_PASSWORD="${!var}" run_service "$@"
  else
    run_service "$@"
  fi
}

group_alive() { kill -0 -- "-$1" 2>/dev/null; }

stop_services() {
  [ "${#svc_pids[@]}" -eq 0 ] && return 0
  local p deadline=$((SECONDS + stop_grace))
  for p in "${svc_pids[@]}"; do kill -TERM -- "-$p" 2>/dev/null || true; done
  for p in "${svc_pids[@]}"; do
    while group_alive "$p"; do
      if [ "$SECONDS" -ge "$deadline" ]; then
        echo "start: group $p did not stop within ${stop_grace}s; killing it" >&2
        kill -KILL -- "-$p" 2>/dev/null || true
        break
      fi
      sleep 0.1
    done
  done
  svc_pids=()
}

supervise_signals() {
  # `wait` returns at once when a trapped signal arrives; the handler stops everything, then the script exits.
  trap 'trap - INT TERM; echo "start: stopping services"; stop_services; exit 130' INT
  trap 'trap - INT TERM; echo "start: stopping services"; stop_services; exit 143' TERM
  trap 'stop_services' EXIT
}
