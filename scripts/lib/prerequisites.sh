# What `pnpm start` needs on the machine besides Node: PostgreSQL's server binaries and nats-server (sourced by
# scripts/start.sh). On Debian or Ubuntu both come from the distribution's packages: as root the script installs the
# missing ones itself, saying so; otherwise it prints the one command to run and stops. Every function takes the PATH
# and the directories to look in, so a test can hide what the machine has (e2e/test/deploy-bare-machine.unit.test.ts).
#
#   postgres_bin_dir <path> <lib dir>                 the newest PostgreSQL bin directory (<lib dir>/<major>/bin,
#                                                     Debian's layout), else where pg_ctl is on <path>; else nothing
#   nats_server_bin <path> <dir>…                     nats-server on <path>, else in one of the <dir>s; else nothing
#   missing_packages <path> <pg lib dir> <nats dir> <package>…
#                                                     which of the packages asked about (postgresql, nats-server)
#                                                     are not installed, space-separated
#   install_packages <uid> <path> <etc dir> <package>…
#       uid 0 and apt-get on <path>: installs them, saying so; otherwise prints the command and returns 1, installing
#       nothing. <etc dir> is /etc: the PostgreSQL package is told not to make a cluster of its own.

postgres_bin_dir() {
  local path="$1" lib="$2" dir major best="" best_major=-1 pg_ctl
  for dir in "$lib"/*/bin; do
    [ -x "$dir/pg_ctl" ] || continue
    major="${dir%/bin}"
    major="${major##*/}"
    major="${major%%.*}"
    [[ "$major" =~ ^[0-9]+$ ]] && [ "$major" -gt "$best_major" ] && best="$dir" && best_major="$major"
  done
  if [ -z "$best" ]; then
    pg_ctl="$(PATH="$path" command -v pg_ctl || true)"
    [ -n "$pg_ctl" ] && best="${pg_ctl%/pg_ctl}"
  fi
  [ -n "$best" ] && echo "$best"
  return 0
}

nats_server_bin() {
  local path="$1" dir found
  shift
  found="$(PATH="$path" command -v nats-server || true)"
  if [ -z "$found" ]; then
    for dir in "$@"; do [ -x "$dir/nats-server" ] && found="$dir/nats-server" && break; done
  fi
  [ -n "$found" ] && echo "$found"
  return 0
}

missing_packages() {
  local path="$1" lib="$2" nats_dir="$3" package missing=()
  shift 3
  for package in "$@"; do
    case "$package" in
      postgresql) [ -n "$(postgres_bin_dir "$path" "$lib")" ] || missing+=(postgresql) ;;
      nats-server) [ -n "$(nats_server_bin "$path" "$nats_dir")" ] || missing+=(nats-server) ;;
    esac
  done
  echo "${missing[*]}"
}

install_packages() {
  local uid="$1" path="$2" etc="$3" apt
  shift 3
  [ "$#" -eq 0 ] && return 0
  apt="$(PATH="$path" command -v apt-get || true)"
  if [ -z "$apt" ]; then
    echo "start: $* not installed, and there is no apt-get (not Debian or Ubuntu): install them with the system's package manager, or set DATABASE_URL and NATS_URL to servers that run elsewhere." >&2
    return 1
  fi
  if [ "$uid" != 0 ]; then
    echo "start: $* not installed. Run this, then \`pnpm start\` again:" >&2
    echo "  sudo apt-get install -y --no-install-recommends $*" >&2
    return 1
  fi
  echo "start: installing $* from the distribution's packages (apt-get, as root)"
  export DEBIAN_FRONTEND=noninteractive
  PATH="$path" "$apt" update -q || return 1
  if [[ " $* " == *" postgresql "* ]]; then
    # The package would make and start a cluster of its own on 5432, with password authentication; `pnpm start` runs
    # its own under .data/ instead. postgresql-common first, then its createcluster.conf says so (as the official
    # postgres image does).
    PATH="$path" "$apt" install -y -q --no-install-recommends postgresql-common || return 1
    local conf="$etc/postgresql-common/createcluster.conf"
    if [ -f "$conf" ]; then
      if grep -q '^#\?\s*create_main_cluster' "$conf"; then
        sed -i 's/^#\?\s*create_main_cluster.*/create_main_cluster = false/' "$conf"
      else
        echo 'create_main_cluster = false' >>"$conf"
      fi
    fi
  fi
  PATH="$path" "$apt" install -y -q --no-install-recommends "$@"
}
