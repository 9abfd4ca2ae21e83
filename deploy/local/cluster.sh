#!/usr/bin/env bash
# A local OrleansSms cluster on one machine: PostgreSQL, the Instasent simulator and N silos as
# background processes on loopback ports.
#
#   deploy/local/cluster.sh up [N]     # N silos (default 3); prints the URLs and a fresh API key
#   deploy/local/cluster.sh status     # what runs, whether each silo is ready, the membership table
#   deploy/local/cluster.sh down       # stops exactly the processes `up` started, by PID
#
# Silo i (0-based) listens on HTTP 5080+i, silo port 11111+i, gateway 30000+i; the simulator on
# 5079 (5081, the simulator's usual port, is silo 1's HTTP port here). PIDs, logs and the API key
# go to deploy/local/run/ (gitignored). `up` installs PostgreSQL from apt when it is missing and
# the script runs as root, starts it (pg_ctlcluster; no systemd needed), and creates the role and
# database `orleanssms`; the silos apply the schema themselves at start.
#
# Overrides (environment): CLUSTER_HTTP_BASE (5080), CLUSTER_SILO_BASE (11111),
# CLUSTER_GATEWAY_BASE (30000), CLUSTER_SIM_PORT (5079), CLUSTER_ID (orleans-sms),
# CLUSTER_DB / CLUSTER_DB_USER / CLUSTER_DB_PASSWORD (orleanssms), CLUSTER_PG_HOST (127.0.0.1),
# CLUSTER_PG_PORT (5432), CLUSTER_READY_TIMEOUT seconds (180), CLUSTER_STOP_GRACE seconds (30),
# CLUSTER_DB_POOL (the silo's default connection budget, 16), CLUSTER_ENVIRONMENT (Production),
# CLUSTER_SKIP_BUILD=1 (reuse the last build).
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
RUN="$HERE/run"
LOGS="$RUN/logs"
BIN="$RUN/bin"

HTTP_BASE=${CLUSTER_HTTP_BASE:-5080}
SILO_BASE=${CLUSTER_SILO_BASE:-11111}
GATEWAY_BASE=${CLUSTER_GATEWAY_BASE:-30000}
SIM_PORT=${CLUSTER_SIM_PORT:-5079}
CLUSTER_ID=${CLUSTER_ID:-orleans-sms}
DB=${CLUSTER_DB:-orleanssms}
DB_USER=${CLUSTER_DB_USER:-orleanssms}
DB_PASSWORD=${CLUSTER_DB_PASSWORD:-orleanssms}
PG_HOST=${CLUSTER_PG_HOST:-127.0.0.1}
PG_PORT=${CLUSTER_PG_PORT:-5432}
READY_TIMEOUT=${CLUSTER_READY_TIMEOUT:-180}
STOP_GRACE=${CLUSTER_STOP_GRACE:-30}
ENVIRONMENT=${CLUSTER_ENVIRONMENT:-Production}

SILO_DLL=OrleansSms.Silo.dll
SIM_DLL=OrleansSms.InstasentSimulator.dll
# Connections per silo (Storage__PostgresPoolSize): silos x pool must stay under PostgreSQL's
# max_connections (100 on a stock server) with room for psql and the load tool.
DB_POOL=${CLUSTER_DB_POOL:-16}
# TLS on a loopback connection only costs CPU (a third of the silo's storage time in a profile).
case "$PG_HOST" in 127.0.0.1|localhost|::1) DB_SSL=Disable ;; *) DB_SSL=Prefer ;; esac
DB_SSL=${CLUSTER_DB_SSL_MODE:-$DB_SSL}
CONNECTION="Host=$PG_HOST;Port=$PG_PORT;Username=$DB_USER;Password=$DB_PASSWORD;Database=$DB;SSL Mode=$DB_SSL"

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

log() { printf '[cluster] %s\n' "$*"; }
die() { printf '[cluster] error: %s\n' "$*" >&2; exit 1; }

usage() {
  sed -n '2,9p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
  exit 2
}

# ---------------------------------------------------------------- processes we started

# alive NAME: the PID in run/NAME.pid runs and is still the dotnet process we started (not a
# recycled PID): its command line names the dll recorded next to it in run/NAME.dll.
alive() {
  local name=$1 pid dll
  [ -f "$RUN/$name.pid" ] || return 1
  pid=$(cat "$RUN/$name.pid")
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  kill -0 "$pid" 2>/dev/null || return 1
  dll=$(cat "$RUN/$name.dll" 2>/dev/null || true)
  [ -n "$dll" ] || return 1
  { tr '\0' ' ' <"/proc/$pid/cmdline"; } 2>/dev/null | grep -qF -- "$dll"
}

# started_names [-r]: every process with a PID file: the simulator then the silos by index, or
# (-r) the silos from the highest index down then the simulator, the order to stop them in.
started_names() {
  local f names=() order=-n
  [ "${1:-}" = -r ] && order=-nr
  for f in "$RUN"/silo*.pid; do
    [ -e "$f" ] && names+=("$(basename "$f" .pid)")
  done
  [ "$order" = -n ] && [ -e "$RUN/simulator.pid" ] && echo simulator
  if [ "${#names[@]}" -gt 0 ]; then
    printf '%s\n' "${names[@]}" | sed 's/^silo//' | sort "$order" | sed 's/^/silo/'
  fi
  [ "$order" = -nr ] && [ -e "$RUN/simulator.pid" ] && echo simulator
  return 0
}

port_in_use() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# start NAME DLL_PATH [VAR=value ...]: runs `dotnet DLL` in its own session (so a Ctrl+C in this
# terminal does not reach it), output to run/logs/NAME.log, PID to run/NAME.pid. The PID written
# is the dotnet process itself: the shell that writes it then execs dotnet.
start() {
  local name=$1 dll=$2 workdir
  shift 2
  workdir=$(dirname "$dll")
  rm -f "$RUN/$name.pid"
  echo "$dll" >"$RUN/$name.dll"
  (
    cd "$workdir"
    # shellcheck disable=SC2016 # $$ and $1 expand in the inner shell
    exec env "$@" setsid bash -c 'echo $$ > "$1"; exec dotnet "$2"' _ "$RUN/$name.pid" "$dll" \
      >"$LOGS/$name.log" 2>&1 </dev/null
  ) &
  local waited=0
  until [ -s "$RUN/$name.pid" ]; do
    sleep 0.1
    waited=$((waited + 1))
    [ "$waited" -lt 100 ] || die "$name did not start (see $LOGS/$name.log)"
  done
}

# stop_all: SIGTERM to every process we started, SIGKILL to those still there after the grace
# period, PID files removed. Never touches a process whose PID file does not name it.
stop_all() {
  local name pid names=() stopping=()
  mapfile -t names < <(started_names -r)
  if [ "${#names[@]}" -eq 0 ]; then
    log "nothing started by this script is running"
    return 0
  fi
  # Silos first: they hand over their work and leave the membership table cleanly.
  for name in "${names[@]}"; do
    [ "$name" = simulator ] && continue
    if alive "$name"; then
      pid=$(cat "$RUN/$name.pid")
      log "stopping $name (pid $pid, SIGTERM)"
      kill -TERM "$pid" 2>/dev/null || true
      stopping+=("$name")
    fi
  done
  wait_or_kill "${stopping[@]+"${stopping[@]}"}"
  if alive simulator; then
    pid=$(cat "$RUN/simulator.pid")
    log "stopping simulator (pid $pid, SIGTERM)"
    kill -TERM "$pid" 2>/dev/null || true
    wait_or_kill simulator
  fi
  for name in "${names[@]}"; do
    rm -f "$RUN/$name.pid" "$RUN/$name.dll"
  done
  rm -f "$RUN/cluster.env" "$RUN/api-key"
}

wait_or_kill() {
  [ "$#" -gt 0 ] || return 0
  local deadline=$((SECONDS + STOP_GRACE)) name pid left
  while :; do
    left=()
    for name in "$@"; do
      alive "$name" && left+=("$name")
    done
    [ "${#left[@]}" -eq 0 ] && return 0
    [ "$SECONDS" -lt "$deadline" ] || break
    sleep 0.5
  done
  for name in "${left[@]}"; do
    pid=$(cat "$RUN/$name.pid")
    log "$name (pid $pid) still running after ${STOP_GRACE}s: SIGKILL"
    kill -KILL "$pid" 2>/dev/null || true
  done
  sleep 0.5
}

# ---------------------------------------------------------------- PostgreSQL

as_postgres() {
  if [ "$(id -u)" -eq 0 ]; then
    (cd / && runuser -u postgres -- "$@")
  else
    (cd / && sudo -n -u postgres -- "$@")
  fi
}

# retry CMD...: PostgreSQL may refuse a connection for a moment ("too many clients") when other
# programs share it; try a few times before giving up.
retry() {
  local attempt errors
  errors=$(mktemp)
  for attempt in 1 2 3 4 5 6 7 8 9 10; do
    if "$@" 2>"$errors"; then
      rm -f "$errors"
      return 0
    fi
    [ "$attempt" -lt 10 ] && sleep 2
  done
  cat "$errors" >&2
  rm -f "$errors"
  return 1
}

psql_app() {
  PGPASSWORD=$DB_PASSWORD psql -h "$PG_HOST" -p "$PG_PORT" -U "$DB_USER" -d "$DB" -v ON_ERROR_STOP=1 -qAt "$@"
}

ensure_postgres() {
  case "$PG_HOST" in
    127.0.0.1 | localhost | ::1) ;;
    *)
      log "PostgreSQL at $PG_HOST:$PG_PORT is not local: not installing or starting it"
      return 0
      ;;
  esac
  if ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
    [ "$(id -u)" -eq 0 ] || die "PostgreSQL is not installed; run as root to install it from apt, or install it yourself"
    log "installing PostgreSQL from apt"
    apt-get update -q
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q postgresql
  fi
  local version status
  version=$(ls /usr/lib/postgresql | sort -V | tail -n 1)
  if ! pg_lsclusters -h | awk '{print $1" "$2}' | grep -qx "$version main"; then
    log "creating PostgreSQL cluster $version/main"
    pg_createcluster "$version" main
  fi
  status=$(pg_lsclusters -h | awk -v v="$version" '$1==v && $2=="main" {print $4}')
  if [ "$status" != online ]; then
    log "starting PostgreSQL $version"
    pg_ctlcluster "$version" main start
  fi
  local i
  for i in $(seq 1 60); do
    pg_isready -q -h "$PG_HOST" -p "$PG_PORT" && break
    sleep 1
  done
  pg_isready -q -h "$PG_HOST" -p "$PG_PORT" || die "PostgreSQL does not answer on $PG_HOST:$PG_PORT"

  local found
  found=$(retry as_postgres psql -p "$PG_PORT" -qAt -c "SELECT 1 FROM pg_roles WHERE rolname = '$DB_USER'") ||
    die "cannot query PostgreSQL as the postgres user"
  if [ -z "$found" ]; then
    log "creating role $DB_USER"
    retry as_postgres psql -p "$PG_PORT" -v ON_ERROR_STOP=1 -q -c "CREATE ROLE \"$DB_USER\" LOGIN PASSWORD '$DB_PASSWORD'" ||
      die "cannot create role $DB_USER"
  fi
  found=$(retry as_postgres psql -p "$PG_PORT" -qAt -c "SELECT 1 FROM pg_database WHERE datname = '$DB'") ||
    die "cannot query PostgreSQL as the postgres user"
  if [ -z "$found" ]; then
    log "creating database $DB"
    retry as_postgres psql -p "$PG_PORT" -v ON_ERROR_STOP=1 -q -c "CREATE DATABASE \"$DB\" OWNER \"$DB_USER\"" ||
      die "cannot create database $DB"
  fi
}

# Rows an earlier run's silos left as Active (killed, or the machine stopped) would make new
# silos probe dead addresses before they join. Nothing of ours runs now, so they are all stale.
clear_stale_membership() {
  psql_app -c "DO \$\$ BEGIN
      IF to_regclass('orleansmembershiptable') IS NOT NULL THEN
        DELETE FROM orleansmembershiptable WHERE deploymentid = '$CLUSTER_ID';
      END IF;
    END \$\$;"
}

membership() {
  # Orleans SiloStatus: 3 = Active, 6 = Dead.
  psql_app -F ' ' -c "SELECT CASE status WHEN 3 THEN 'active' WHEN 6 THEN 'dead' ELSE 'status' || status END,
        address || ':' || port, hostname
      FROM orleansmembershiptable WHERE deploymentid = '$CLUSTER_ID' AND status <> 6 ORDER BY port" 2>/dev/null
}

active_members() {
  psql_app -c "SELECT count(*) FROM orleansmembershiptable WHERE deploymentid = '$CLUSTER_ID' AND status = 3" 2>/dev/null || echo 0
}

# ---------------------------------------------------------------- commands

http_status() {
  curl -s -o /dev/null -m 2 -w '%{http_code}' "$1" 2>/dev/null || true
}

cmd_up() {
  local n=${1:-3} i name
  [[ "$n" =~ ^[1-9][0-9]*$ ]] || die "N must be a positive number, not '$n'"
  command -v dotnet >/dev/null || die "dotnet is not on PATH"
  command -v curl >/dev/null || die "curl is needed to check readiness"
  mkdir -p "$RUN" "$LOGS"

  for name in $(started_names); do
    if alive "$name"; then
      die "$name is already running (pid $(cat "$RUN/$name.pid")): run '$0 down' first"
    fi
    rm -f "$RUN/$name.pid" "$RUN/$name.dll"
  done

  local ports=("$SIM_PORT")
  for ((i = 0; i < n; i++)); do
    ports+=($((HTTP_BASE + i)) $((SILO_BASE + i)) $((GATEWAY_BASE + i)))
  done
  for i in "${ports[@]}"; do
    port_in_use "$i" && die "port $i is in use on 127.0.0.1 (see the CLUSTER_* overrides at the top of $0)"
  done

  ensure_postgres
  retry psql_app -c 'SELECT 1' >/dev/null ||
    die "cannot log in to PostgreSQL as $DB_USER (database $DB); set CLUSTER_DB_PASSWORD if the role has another password"
  retry clear_stale_membership || die "cannot clear the stale membership rows of cluster $CLUSTER_ID"

  if [ "${CLUSTER_SKIP_BUILD:-0}" != 1 ]; then
    log "building (dotnet build -c Release; log: $RUN/build.log)"
    if ! dotnet build "$ROOT/src/OrleansSms.Silo/OrleansSms.Silo.csproj" -c Release -nologo >"$RUN/build.log" 2>&1; then
      tail -n 30 "$RUN/build.log" >&2
      die "the build failed"
    fi
  fi
  # Run copies of the outputs, so a rebuild while the cluster runs does not swap files under it.
  local silo_out="$ROOT/src/OrleansSms.Silo/bin/Release/net10.0"
  local sim_out="$ROOT/src/OrleansSms.InstasentSimulator/bin/Release/net10.0"
  [ -f "$silo_out/$SILO_DLL" ] || die "$silo_out/$SILO_DLL is missing: build first"
  [ -f "$sim_out/$SIM_DLL" ] || die "$sim_out/$SIM_DLL is missing: build first"
  rm -rf "$BIN"
  mkdir -p "$BIN/silo" "$BIN/simulator"
  cp -a "$silo_out/." "$BIN/silo/"
  cp -a "$sim_out/." "$BIN/simulator/"

  local key
  key=$(openssl rand -hex 24 2>/dev/null || od -An -N24 -tx1 /dev/urandom | tr -d ' \n')
  (umask 077 && printf '%s\n' "$key" >"$RUN/api-key")

  trap 'log "interrupted: stopping what was started"; stop_all; exit 130' INT TERM

  local sim_url="http://127.0.0.1:$SIM_PORT"
  local public_url="http://127.0.0.1:$HTTP_BASE"
  log "starting the Instasent simulator on $sim_url"
  start simulator "$BIN/simulator/$SIM_DLL" \
    "Simulator__Url=$sim_url" \
    "Simulator__AcceptUnregisteredTokens=true"

  for ((i = 0; i < n; i++)); do
    log "starting silo$i on http://127.0.0.1:$((HTTP_BASE + i)) (silo port $((SILO_BASE + i)), gateway $((GATEWAY_BASE + i)))"
    start "silo$i" "$BIN/silo/$SILO_DLL" \
      "ASPNETCORE_ENVIRONMENT=$ENVIRONMENT" \
      "ASPNETCORE_URLS=http://127.0.0.1:$((HTTP_BASE + i))" \
      "ConnectionStrings__OrleansSms=$CONNECTION" \
      "Storage__Provider=postgres" \
      "Storage__PostgresPoolSize=$DB_POOL" \
      "Orleans__ClusterId=$CLUSTER_ID" \
      "Orleans__SiloPort=$((SILO_BASE + i))" \
      "Orleans__GatewayPort=$((GATEWAY_BASE + i))" \
      "Orleans__AdvertisedAddress=127.0.0.1" \
      "Instasent__BaseUrl=$sim_url" \
      "PublicBaseUrl=$public_url" \
      "Api__Keys__0__Key=$key"
  done

  cat >"$RUN/cluster.env" <<EOF
N=$n
HTTP_BASE=$HTTP_BASE
SIM_PORT=$SIM_PORT
CLUSTER_ID=$CLUSTER_ID
EOF

  log "waiting for /health/ready on every silo (at most ${READY_TIMEOUT}s)"
  local deadline=$((SECONDS + READY_TIMEOUT)) pending=() started=$SECONDS
  for ((i = 0; i < n; i++)); do pending+=("$i"); done
  [ "$(http_status "$sim_url/_sim/health")" = 200 ] || pending+=(simulator)
  while [ "${#pending[@]}" -gt 0 ]; do
    local still=()
    for i in "${pending[@]}"; do
      if [ "$i" = simulator ]; then
        alive simulator || { tail -n 20 "$LOGS/simulator.log" >&2; stop_all; die "the simulator exited"; }
        [ "$(http_status "$sim_url/_sim/health")" = 200 ] || still+=(simulator)
        continue
      fi
      if ! alive "silo$i"; then
        tail -n 30 "$LOGS/silo$i.log" >&2
        stop_all
        die "silo$i exited during start (log above, full log in $LOGS/silo$i.log)"
      fi
      if [ "$(http_status "http://127.0.0.1:$((HTTP_BASE + i))/health/ready")" = 200 ]; then
        log "silo$i ready after $((SECONDS - started))s"
      else
        still+=("$i")
      fi
    done
    pending=("${still[@]+"${still[@]}"}")
    [ "${#pending[@]}" -eq 0 ] && break
    if [ "$SECONDS" -ge "$deadline" ]; then
      for i in "${pending[@]}"; do
        [ "$i" = simulator ] && continue
        log "silo$i is not ready; last lines of its log:"
        tail -n 15 "$LOGS/silo$i.log" >&2
      done
      stop_all
      die "not every silo was ready within ${READY_TIMEOUT}s (pending: ${pending[*]})"
    fi
    sleep 1
  done
  trap - INT TERM

  echo
  log "cluster '$CLUSTER_ID' is up: $n silo(s), $(active_members) active in the membership table"
  for ((i = 0; i < n; i++)); do
    printf '  silo%-3s http://127.0.0.1:%s  (pid %s, silo port %s, gateway %s)\n' \
      "$i" $((HTTP_BASE + i)) "$(cat "$RUN/silo$i.pid")" $((SILO_BASE + i)) $((GATEWAY_BASE + i))
  done
  printf '  simulator http://127.0.0.1:%s  (pid %s; messages: /_sim/messages)\n' "$SIM_PORT" "$(cat "$RUN/simulator.pid")"
  printf '  database  %s (user %s) on %s:%s\n' "$DB" "$DB_USER" "$PG_HOST" "$PG_PORT"
  printf '  API key   %s   (Authorization: Bearer <key>; also in %s, mode 600, until down)\n' "$key" "$RUN/api-key"
  printf '  logs      %s\n' "$LOGS"
  printf '  stop with %s down\n' "$0"
}

cmd_status() {
  local name pid state n=0 http_base=$HTTP_BASE sim_port=$SIM_PORT cluster_id=$CLUSTER_ID
  if [ -f "$RUN/cluster.env" ]; then
    n=$(sed -n 's/^N=//p' "$RUN/cluster.env")
    http_base=$(sed -n 's/^HTTP_BASE=//p' "$RUN/cluster.env")
    sim_port=$(sed -n 's/^SIM_PORT=//p' "$RUN/cluster.env")
    cluster_id=$(sed -n 's/^CLUSTER_ID=//p' "$RUN/cluster.env")
  fi
  local names=()
  mapfile -t names < <(started_names)
  if [ "${#names[@]}" -eq 0 ]; then
    log "nothing started by this script (no PID files in $RUN)"
    return 0
  fi
  log "cluster '$cluster_id' ($n silo(s) started)"
  for name in "${names[@]}"; do
    pid=$(cat "$RUN/$name.pid" 2>/dev/null || echo '?')
    if ! alive "$name"; then
      state="not running"
    elif [ "$name" = simulator ]; then
      state="running, http://127.0.0.1:$sim_port, /_sim/health $(http_status "http://127.0.0.1:$sim_port/_sim/health")"
    else
      local url="http://127.0.0.1:$((http_base + ${name#silo}))"
      state="running, $url, /health/ready $(http_status "$url/health/ready")"
    fi
    printf '  %-9s pid %-7s %s\n' "$name" "$pid" "$state"
  done
  CLUSTER_ID=$cluster_id
  local rows
  if rows=$(membership) && [ -n "$rows" ]; then
    log "membership table (not dead):"
    printf '%s\n' "$rows" | sed 's/^/  /'
  fi
}

cmd_down() {
  mkdir -p "$RUN"
  stop_all
  log "stopped; logs kept in $LOGS"
}

case "${1:-}" in
  up) shift; cmd_up "$@" ;;
  down) cmd_down ;;
  status) cmd_status ;;
  *) usage ;;
esac
