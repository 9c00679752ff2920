#!/usr/bin/env bash
# Throwaway local infrastructure (PostgreSQL + RabbitMQ) for one national node.
#
#   deploy/local/infra.sh up            provision / start (idempotent), write .local/infra.env
#   deploy/local/infra.sh down          stop what `up` started (data kept)
#   deploy/local/infra.sh down --purge  stop and delete the local data
#   deploy/local/infra.sh env           print .local/infra.env
#   deploy/local/infra.sh status        say what is running
#   deploy/local/infra.sh crossborder   load the two development nodes' cross-border exchange (AT, NG; deploy/rabbitmq/)
#   deploy/local/infra.sh two-nodes     that, plus the two nodes' databases, vhost permissions and signing keys
#                                       (TR_NODES=2 deploy/local/infra.sh up does it too: ./build.sh --target=Up --nodes=2)
#   deploy/local/infra.sh resilient …   a second, resilient infrastructure beside it: 3-node RabbitMQ cluster, PostgreSQL
#                                       primary + synchronous standby under Patroni, fault commands (deploy/local/resilient.sh)
#
# Order of preference for `up`:
#   a. TR_POSTGRES + TR_RABBITMQ already set and answering  -> used as they are ("external")
#   b. Debian/Ubuntu as root -> apt-install what is missing, run instances on 127.0.0.1 under .local/ ("local")
#   c. a Docker daemon answers -> deploy/compose/docker-compose.yml ("docker")
#   d. otherwise: fail, saying what is missing.
# In every case the services' accounts are provisioned from their one definition, the files the compose servers load
# as well: deploy/compose/postgres-init/01-service-databases.sql (one database + one login role per service) and
# deploy/compose/rabbitmq/definitions.json (the vhost, the administrator trm and one user per service, trm-<service>,
# that may use only its own queues and exchanges: see docs/security.md, "RabbitMQ: one user per service").
#
# EVERY PASSWORD IN THIS FILE IS A DEVELOPMENT DEFAULT for a loopback-only throwaway
# instance. Never reuse them for anything reachable from another machine.
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$SCRIPT_DIR/../.." && pwd)"
LOCAL_DIR="$REPO_ROOT/.local"
ENV_FILE="$LOCAL_DIR/infra.env"
MODE_FILE="$LOCAL_DIR/infra.mode"          # external | local | docker
LAST_UP_FILE="$LOCAL_DIR/infra.last-up"    # started=yes|no  (read by build.cake's Up target)
COMPOSE_FILE="$REPO_ROOT/deploy/compose/docker-compose.yml"
PG_ACCOUNTS="$REPO_ROOT/deploy/compose/postgres-init/01-service-databases.sql"
RMQ_DEFINITIONS="$REPO_ROOT/deploy/compose/rabbitmq/definitions.json"

PG_BIN=/usr/lib/postgresql/15/bin
PG_HOST=127.0.0.1
PG_PORT=55432
PG_BASE="$LOCAL_DIR/pg"
PG_PASSWORD_FILE="$PG_BASE/superuser-password"   # generated once; removed with `down --purge`

RMQ_LIB=/usr/lib/rabbitmq/bin
RMQ_HOST=127.0.0.1
RMQ_PORT=55672
RMQ_MGMT_PORT=55673
RMQ_DIST_PORT=55674
RMQ_PROMETHEUS_PORT=55675
RMQ_BASE="$LOCAL_DIR/rabbitmq"
RMQ_NODENAME=trm-local@localhost
RMQ_PLUGINS="rabbitmq_management rabbitmq_shovel rabbitmq_shovel_management rabbitmq_federation rabbitmq_federation_management rabbitmq_prometheus"

STARTED_SOMETHING=no
APT_UPDATED=no

# ---------------------------------------------------------------------------------------- helpers
log() { printf '[infra] %s\n' "$*" >&2; }
die() { printf '[infra] ERROR: %s\n' "$*" >&2; exit 1; }
now() { printf '%s' "${EPOCHREALTIME/,/.}"; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }

# tcp_open HOST PORT -> 0 when something accepts a TCP connection
tcp_open() { timeout 2 bash -c 'exec 3<>"/dev/tcp/$0/$1"' "$1" "$2" 2>/dev/null; }

wait_tcp() { # HOST PORT SECONDS
  local deadline=$((SECONDS + $3))
  until tcp_open "$1" "$2"; do
    ((SECONDS < deadline)) || return 1
    sleep 0.3
  done
}

# Close every inherited descriptor above 2 (callers' pipes must not be held open by the servers we start).
close_fds() {
  local fd
  for fd in /proc/$BASHPID/fd/*; do
    fd="${fd##*/}"
    [[ $fd =~ ^[0-9]+$ ]] && ((fd > 2)) && eval "exec $fd>&-" 2>/dev/null
  done
  return 0
}

gen_password() { head -c 48 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | cut -c1-24; }

is_debian_root() { [[ $(id -u) -eq 0 && -x /usr/bin/apt-get ]]; }

apt_install() { # PACKAGE...
  is_debian_root || die "need to install $* but this is not a Debian/Ubuntu machine running as root"
  export DEBIAN_FRONTEND=noninteractive
  if [[ $APT_UPDATED == no ]]; then
    log "apt-get update…"
    apt-get -qq -o DPkg::Lock::Timeout=300 update >&2 || die "apt-get update failed"
    APT_UPDATED=yes
  fi
  log "installing $* (apt)…"
  local t0; t0=$(now)
  apt-get -qq -y -o DPkg::Lock::Timeout=300 -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold \
    install "$@" </dev/null >"$LOCAL_DIR/apt.log" 2>&1 || { tail -n 30 "$LOCAL_DIR/apt.log" >&2; die "apt-get install $* failed"; }
  log "installed $* ($(since "$t0") s)"
}

# --------------------------------------------------------------------- connection-string parsing
# Npgsql "Key=Value;Key=Value" -> globals CS_HOST CS_PORT CS_USER CS_PASSWORD
parse_npgsql() {
  CS_HOST=localhost CS_PORT=5432 CS_USER=postgres CS_PASSWORD=
  local part key value
  local IFS=';'
  for part in $1; do
    [[ $part == *=* ]] || continue
    key="${part%%=*}"; value="${part#*=}"
    key="$(printf '%s' "$key" | tr -d ' ' | tr '[:upper:]' '[:lower:]')"
    value="${value#"${value%%[![:space:]]*}"}"; value="${value%"${value##*[![:space:]]}"}"
    case "$key" in
      host|server) CS_HOST="${value%%,*}"                                     # the first of several hosts,
                   [[ $CS_HOST == *:*:* || $CS_HOST != *:* ]] || { CS_PORT="${CS_HOST#*:}"; CS_HOST="${CS_HOST%:*}"; } ;;  # host:port
      port) CS_PORT="$value" ;;
      username|userid|user|uid) CS_USER="$value" ;;
      password|pwd|psw) CS_PASSWORD="$value" ;;
    esac
  done
}

# amqp[s]://user:pass@host:port/vhost -> globals AMQP_HOST AMQP_PORT
parse_amqp() {
  local uri="$1" rest hostport
  local default_port=5672
  [[ $uri == amqps://* ]] && default_port=5671
  rest="${uri#*://}"; rest="${rest%%/*}"; hostport="${rest##*@}"
  if [[ $hostport == \[*\]* ]]; then            # [ipv6]:port
    AMQP_HOST="${hostport%%]*}"; AMQP_HOST="${AMQP_HOST#[}"
    AMQP_PORT="${hostport##*]}"; AMQP_PORT="${AMQP_PORT#:}"
  else
    AMQP_HOST="${hostport%%:*}"
    AMQP_PORT=""; [[ $hostport == *:* ]] && AMQP_PORT="${hostport##*:}"
  fi
  [[ -n $AMQP_PORT ]] || AMQP_PORT=$default_port
  [[ -n $AMQP_HOST ]] || AMQP_HOST=localhost
}

pg_isready_cmd() {
  if [[ -x $PG_BIN/pg_isready ]]; then echo "$PG_BIN/pg_isready"; elif command -v pg_isready >/dev/null; then command -v pg_isready; fi
}
psql_cmd() {
  if [[ -x $PG_BIN/psql ]]; then echo "$PG_BIN/psql"; elif command -v psql >/dev/null; then command -v psql; fi
}

pg_answers() { # HOST PORT
  local isready; isready="$(pg_isready_cmd)"
  if [[ -n $isready ]]; then "$isready" -q -h "$1" -p "$2" -t 3 >/dev/null 2>&1; else tcp_open "$1" "$2"; fi
}

# --------------------------------------------------------------------------------- PostgreSQL (local)
pg_data_dir() { # real path of the data directory (.local/pg/data, or its symlink target)
  if [[ -L $PG_BASE/data ]]; then readlink -f "$PG_BASE/data"; else echo "$PG_BASE/data"; fi
}

as_postgres() { (cd / && runuser -u postgres -- "$@"); }

pg_running_local() {
  local data; data="$(pg_data_dir)"
  [[ -f $data/postmaster.pid ]] && as_postgres "$PG_BIN/pg_ctl" -D "$data" status >/dev/null 2>&1
}

pg_local_up() {
  [[ -x $PG_BIN/initdb ]] || apt_install postgresql-15
  [[ -x $PG_BIN/initdb ]] || die "postgresql-15 installed but $PG_BIN/initdb is still missing"
  getent passwd postgres >/dev/null || die "OS user 'postgres' is missing (the postgresql-15 package creates it)"

  mkdir -p "$PG_BASE"; chmod 755 "$LOCAL_DIR" "$PG_BASE"
  if pg_running_local; then
    pg_answers "$PG_HOST" "$PG_PORT" || die "our PostgreSQL runs but does not answer on $PG_HOST:$PG_PORT (see $(pg_data_dir)/server.log)"
    log "postgres already running on $PG_HOST:$PG_PORT"
    return
  fi
  if tcp_open "$PG_HOST" "$PG_PORT"; then
    die "port $PG_HOST:$PG_PORT is taken by a process that is not this checkout's PostgreSQL (.local/pg); stop it first"
  fi

  local data t0; t0=$(now)
  if [[ -e $PG_BASE/data && ! -f $(pg_data_dir)/PG_VERSION ]]; then
    [[ -z $(ls -A "$(pg_data_dir)" 2>/dev/null) ]] \
      || die "$PG_BASE/data exists but is not a PostgreSQL data directory; run: deploy/local/infra.sh down --purge"
    rmdir "$(pg_data_dir)" 2>/dev/null || true; rm -f "$PG_BASE/data"
  fi
  if [[ ! -e $PG_BASE/data ]]; then
    # The server runs as 'postgres', which must be able to reach the data directory. A checkout under
    # e.g. /root (mode 700) is unreachable: then keep the data under /var/tmp and link it from .local/pg.
    if as_postgres test -x "$PG_BASE" 2>/dev/null; then
      mkdir -p "$PG_BASE/data"
    else
      local outside; outside="/var/tmp/trm-local-pg-$(printf '%s' "$REPO_ROOT" | md5sum | cut -c1-10)"
      log "postgres cannot reach $PG_BASE; data directory goes to $outside/data (linked as .local/pg/data)"
      rm -rf "$outside"; mkdir -p "$outside/data"; chmod 755 "$outside"
      ln -s "$outside/data" "$PG_BASE/data"
    fi
    data="$(pg_data_dir)"
    chown postgres:postgres "$data"; chmod 700 "$data"
    [[ -s $PG_PASSWORD_FILE ]] || (umask 077; gen_password >"$PG_PASSWORD_FILE")
    local pwfile; pwfile="$(dirname "$data")/.initdb-pwfile"
    install -o postgres -g postgres -m 600 "$PG_PASSWORD_FILE" "$pwfile"
    log "initdb $data…"
    as_postgres "$PG_BIN/initdb" -D "$data" -U postgres --pwfile="$pwfile" \
      --auth-local=trust --auth-host=scram-sha-256 -E UTF8 --locale=C.UTF-8 >"$PG_BASE/initdb.log" 2>&1 \
      || { rm -f "$pwfile"; tail -n 30 "$PG_BASE/initdb.log" >&2; die "initdb failed"; }
    rm -f "$pwfile"
    # Settings live in the cluster itself so a restart needs no options. Loopback only, no Unix socket
    # (avoids socket-path length limits and clashes with the stock cluster); everything goes over TCP.
    as_postgres bash -c "cat >>'$data/postgresql.conf'" <<EOF

# --- TransnationalReferral local throwaway instance (deploy/local/infra.sh) ---
listen_addresses = '127.0.0.1'
port = $PG_PORT
unix_socket_directories = ''
max_connections = 300
shared_buffers = 128MB
logging_collector = off
EOF
  else
    data="$(pg_data_dir)"
    [[ -s $PG_PASSWORD_FILE ]] || die "$PG_PASSWORD_FILE is missing for the existing cluster; run: deploy/local/infra.sh down --purge"
    chown -R postgres:postgres "$data"; chmod 700 "$data"
  fi

  log "starting postgres on $PG_HOST:$PG_PORT…"
  # own session: a Ctrl-C in the terminal that ran `up` must not reach the server
  (close_fds; cd / && exec setsid -w runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$data" -l "$data/server.log" -w -t 60 start) \
    </dev/null >/dev/null 2>&1 \
    || { tail -n 30 "$data/server.log" >&2; die "PostgreSQL did not start (log: $data/server.log)"; }
  local deadline=$((SECONDS + 30))
  until pg_answers "$PG_HOST" "$PG_PORT"; do
    ((SECONDS < deadline)) || die "PostgreSQL started but does not answer on $PG_HOST:$PG_PORT"
    sleep 0.2
  done
  STARTED_SOMETHING=yes
  log "postgres ready on $PG_HOST:$PG_PORT ($(since "$t0") s)"
}

pg_local_down() {
  local data; data="$(pg_data_dir)"
  if [[ -x $PG_BIN/pg_ctl ]] && pg_running_local; then
    local t0; t0=$(now)
    as_postgres "$PG_BIN/pg_ctl" -D "$data" -m fast -w -t 60 stop >/dev/null
    log "postgres stopped ($(since "$t0") s)"
  else
    log "postgres not running"
  fi
}

# --------------------------------------------------------------------------------- RabbitMQ (local)
# The node gets its own environment: nothing from /etc/rabbitmq, own ports, own files under .local/rabbitmq,
# and HOME=.local/rabbitmq so server and CLI tools share .local/rabbitmq/.erlang.cookie.
rmq_env() {
  export HOME="$RMQ_BASE"
  export RABBITMQ_NODENAME="$RMQ_NODENAME"
  export RABBITMQ_USE_LONGNAME=false
  export RABBITMQ_NODE_IP_ADDRESS="$RMQ_HOST"
  export RABBITMQ_NODE_PORT="$RMQ_PORT"
  export RABBITMQ_DIST_PORT="$RMQ_DIST_PORT"
  export ERL_EPMD_ADDRESS=127.0.0.1
  export RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS='-kernel inet_dist_use_interface {127,0,0,1}'
  export RABBITMQ_MNESIA_BASE="$RMQ_BASE/mnesia"
  export RABBITMQ_LOG_BASE="$RMQ_BASE/log"
  export RABBITMQ_CONFIG_FILE="$RMQ_BASE/rabbitmq.conf"
  export RABBITMQ_ADVANCED_CONFIG_FILE="$RMQ_BASE/advanced.config"
  export RABBITMQ_CONF_ENV_FILE="$RMQ_BASE/rabbitmq-env.conf"
  export RABBITMQ_ENABLED_PLUGINS_FILE="$RMQ_BASE/enabled_plugins"
  export RABBITMQ_PID_FILE="$RMQ_BASE/rabbitmq.pid"
}

rmqctl() { (rmq_env; "$RMQ_LIB/rabbitmqctl" "$@"); }

epmd_cmd() {
  if command -v epmd >/dev/null; then command -v epmd; else compgen -G '/usr/lib/erlang/erts-*/bin/epmd' | head -n1; fi
}

rmq_pid_alive() {
  [[ -s $RMQ_BASE/rabbitmq.pid ]] && kill -0 "$(cat "$RMQ_BASE/rabbitmq.pid")" 2>/dev/null
}

rmq_local_up() {
  [[ -x $RMQ_LIB/rabbitmq-server ]] || apt_install rabbitmq-server
  [[ -x $RMQ_LIB/rabbitmq-server ]] || die "rabbitmq-server installed but $RMQ_LIB/rabbitmq-server is still missing"

  mkdir -p "$RMQ_BASE/mnesia" "$RMQ_BASE/log"; chmod 700 "$RMQ_BASE"
  if rmq_pid_alive && tcp_open "$RMQ_HOST" "$RMQ_PORT"; then
    log "rabbitmq already running on $RMQ_HOST:$RMQ_PORT"
    return
  fi
  if tcp_open "$RMQ_HOST" "$RMQ_PORT"; then
    die "port $RMQ_HOST:$RMQ_PORT is taken by a process that is not this checkout's RabbitMQ (.local/rabbitmq); stop it first"
  fi

  local t0; t0=$(now)
  if [[ ! -s $RMQ_BASE/.erlang.cookie ]]; then
    (umask 077; head -c 32 /dev/urandom | base64 | tr -dc 'A-Z' | cut -c1-20 >"$RMQ_BASE/.erlang.cookie")
    [[ -s $RMQ_BASE/.erlang.cookie ]] || (umask 077; printf 'TRMLOCALCOOKIE%s' "$RANDOM" >"$RMQ_BASE/.erlang.cookie")
  fi
  chmod 400 "$RMQ_BASE/.erlang.cookie"
  cat >"$RMQ_BASE/rabbitmq.conf" <<EOF
# generated by deploy/local/infra.sh (loopback-only throwaway broker)
listeners.tcp.default = $RMQ_HOST:$RMQ_PORT
management.tcp.ip = 127.0.0.1
management.tcp.port = $RMQ_MGMT_PORT
prometheus.tcp.ip = 127.0.0.1
prometheus.tcp.port = $RMQ_PROMETHEUS_PORT
loopback_users.guest = true
log.file.level = info
log.console = false
EOF
  echo '[].' >"$RMQ_BASE/advanced.config"
  : >"$RMQ_BASE/rabbitmq-env.conf"
  # shellcheck disable=SC2086
  (rmq_env; "$RMQ_LIB/rabbitmq-plugins" --offline enable $RMQ_PLUGINS >"$RMQ_BASE/log/plugins.log" 2>&1) \
    || { tail -n 20 "$RMQ_BASE/log/plugins.log" >&2; die "rabbitmq-plugins --offline enable failed"; }

  log "starting rabbitmq on $RMQ_HOST:$RMQ_PORT (node $RMQ_NODENAME)…"
  rm -f "$RMQ_BASE/rabbitmq.pid"
  # Detached (own session, no inherited stdio) so that callers capturing our output do not hang on it.
  (rmq_env; close_fds; cd "$RMQ_BASE" || exit 1; exec setsid "$RMQ_LIB/rabbitmq-server") \
    </dev/null >>"$RMQ_BASE/log/server-console.log" 2>&1 &
  if ! wait_tcp "$RMQ_HOST" "$RMQ_PORT" 120; then
    tail -n 30 "$RMQ_BASE/log/server-console.log" >&2 || true
    die "RabbitMQ did not open $RMQ_HOST:$RMQ_PORT within 120 s (logs: $RMQ_BASE/log)"
  fi
  rmqctl await_startup --timeout 60 >/dev/null 2>&1 \
    || { tail -n 30 "$RMQ_BASE/log/server-console.log" >&2 || true; die "rabbitmqctl await_startup failed (logs: $RMQ_BASE/log)"; }
  STARTED_SOMETHING=yes
  wait_tcp 127.0.0.1 "$RMQ_MGMT_PORT" 30 || log "warning: management UI not answering on 127.0.0.1:$RMQ_MGMT_PORT"
  log "rabbitmq ready on $RMQ_HOST:$RMQ_PORT, management http://127.0.0.1:$RMQ_MGMT_PORT ($(since "$t0") s)"
}

rmq_local_down() {
  if [[ ! -x $RMQ_LIB/rabbitmqctl ]]; then log "rabbitmq not installed"; return; fi
  if rmq_pid_alive || tcp_open "$RMQ_HOST" "$RMQ_PORT"; then
    local t0; t0=$(now)
    local pid=""; [[ -s $RMQ_BASE/rabbitmq.pid ]] && pid="$(cat "$RMQ_BASE/rabbitmq.pid")"
    if ! rmqctl shutdown --timeout 60 >/dev/null 2>&1; then
      if [[ -n $pid ]] && kill -0 "$pid" 2>/dev/null; then
        log "rabbitmqctl shutdown failed; sending SIGTERM to $pid"
        kill "$pid" 2>/dev/null || true
        for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
        kill -9 "$pid" 2>/dev/null || true
      fi
    fi
    rm -f "$RMQ_BASE/rabbitmq.pid"
    log "rabbitmq stopped ($(since "$t0") s)"
  else
    log "rabbitmq not running"
  fi
  # Only after the node is gone; and only when no other Erlang node still uses this epmd.
  local epmd; epmd="$(epmd_cmd)"
  if [[ -n $epmd ]]; then
    local names; names="$(ERL_EPMD_ADDRESS=127.0.0.1 "$epmd" -names 2>/dev/null || true)"
    if [[ -n $names ]] && ! grep -q '^name ' <<<"$names"; then
      ERL_EPMD_ADDRESS=127.0.0.1 "$epmd" -kill >/dev/null 2>&1 || true
    fi
  fi
}

# ------------------------------------------------------------------------------- the services' accounts
# Read from the committed definitions (jq for definitions.json; psql prints the roles 01-service-databases.sql made).
definitions() { command -v jq >/dev/null || apt_install jq; jq -r "$@" "$RMQ_DEFINITIONS"; }

# RMQ_VHOST, RMQ_USER, RMQ_PASSWORD (the node's vhost and administrator) and SERVICES (one per user trm-<service>)
load_rmq_definitions() {
  [[ -s $RMQ_DEFINITIONS ]] || die "$RMQ_DEFINITIONS is missing"
  RMQ_VHOST="$(definitions '.vhosts[0].name')"
  RMQ_USER="$(definitions '.users[] | select(.tags == "administrator") | .name')"
  RMQ_PASSWORD="$(definitions '.users[] | select(.tags == "administrator") | .password')"
  mapfile -t SERVICES < <(definitions '.users[] | select(.tags != "administrator") | .name | ltrimstr("trm-")')
  ((${#SERVICES[@]} > 0)) || die "$RMQ_DEFINITIONS has no service users (trm-<service>)"
}

rmq_service_user() { printf 'trm-%s' "$1"; }
rmq_service_password() { definitions --arg user "trm-$1" '.users[] | select(.name == $user) | .password'; }

# url_encode, url_decode
# shellcheck source=../lib/url.sh
. "$REPO_ROOT/deploy/lib/url.sh"

# amqp[s]://user:pass@host:port/vhost -> globals AMQP_SCHEME AMQP_USER AMQP_PASSWORD AMQP_VHOST (+ AMQP_HOST AMQP_PORT)
parse_amqp_credentials() {
  local uri="$1" rest userinfo path
  parse_amqp "$uri"
  AMQP_SCHEME="${uri%%://*}"
  rest="${uri#*://}"
  AMQP_USER=guest AMQP_PASSWORD=guest
  if [[ ${rest%%/*} == *@* ]]; then
    userinfo="${rest%%@*}"
    AMQP_USER="$(url_decode "${userinfo%%:*}")"
    [[ $userinfo == *:* ]] && AMQP_PASSWORD="$(url_decode "${userinfo#*:}")"
  fi
  path=""; [[ $rest == */* ]] && path="${rest#*/}"; path="${path%%\?*}"
  if [[ -z $path ]]; then AMQP_VHOST=/; else AMQP_VHOST="$(url_decode "$path")"; fi
}

# rmq_provision_services ADMIN_AMQP_URI MANAGEMENT_URL SERVICE... -> creates/updates those services' users and their
# permissions on the admin URI's vhost through the management HTTP API (needs an administrator); sets
# RMQ_SERVICE_URIS[service] for each of them.
declare -A RMQ_SERVICE_URIS=()
rmq_provision_services() {
  local admin="$1" mgmt="${2%/}" definitions status s host
  shift 2
  parse_amqp_credentials "$admin"
  definitions="$LOCAL_DIR/rabbitmq-service-users.json"
  # those services' users from definitions.json, with their permissions moved to the admin URI's vhost
  definitions . >/dev/null   # (installs jq when missing)
  (umask 077; jq --arg vhost "$AMQP_VHOST" '[$ARGS.positional[] | "trm-" + .] as $users
    | {users: [.users[] | select(.name | IN($users[]))], permissions: [.permissions[] | select(.user | IN($users[])) | .vhost = $vhost]}' \
    "$RMQ_DEFINITIONS" --args "$@" >"$definitions")
  # The admin credentials go to curl on stdin (-K -), not on its command line where ps would show them.
  status="$(printf 'user = "%s:%s"\n' "$AMQP_USER" "$AMQP_PASSWORD" | \
    curl -sS -o "$LOCAL_DIR/rabbitmq-definitions.out" -w '%{http_code}' --max-time 30 -K - \
      -H 'content-type: application/json' -X POST --data-binary "@$definitions" "$mgmt/api/definitions" 2>"$LOCAL_DIR/rabbitmq-definitions.err" || true)"
  rm -f "$definitions"
  if [[ ! $status =~ ^2[0-9][0-9]$ ]]; then
    log "warning: creating the RabbitMQ service users through $mgmt failed (HTTP ${status:-?}: $(cat "$LOCAL_DIR/rabbitmq-definitions.err" "$LOCAL_DIR/rabbitmq-definitions.out" 2>/dev/null | tr '\n' ' ' | head -c 300))"
    return 1
  fi
  host="$AMQP_HOST"; [[ $host == *:* ]] && host="[$host]"
  for s in "$@"; do
    RMQ_SERVICE_URIS[$s]="$(printf '%s://%s:%s@%s:%s/%s' "$AMQP_SCHEME" "$(rmq_service_user "$s")" "$(rmq_service_password "$s")" \
      "$host" "$AMQP_PORT" "$(url_encode "$AMQP_VHOST")")"
  done
}

# ------------------------------------------------------------- cross-border exchange between two development nodes
# deploy/rabbitmq/crossborder.sh generates each node's vhost (trm-at, trm-ng), topology, users (trm-at-node,
# trm-at-partner-ng, …) and the shovel to the other node; loaded through the management API (needs the shovel plugins,
# which are in RMQ_PLUGINS). Run by two_nodes_up (below), or on its own:
#   deploy/local/infra.sh crossborder      (uses TR_RABBITMQ / TR_RABBITMQ_MANAGEMENT, e.g. from .local/infra.env)
crossborder_two_nodes() { # ADMIN_AMQP_URI MANAGEMENT_URL
  local mgmt="${2%/}" node definitions status
  parse_amqp_credentials "$1"
  for node in NG AT; do   # NG first: AT's shovel then finds its destination user and exchange
    definitions="$LOCAL_DIR/crossborder-$node.json"
    "$REPO_ROOT/deploy/rabbitmq/crossborder.sh" two-nodes "$AMQP_PORT" "$node" >"$definitions"
    status="$(printf 'user = "%s:%s"\n' "$AMQP_USER" "$AMQP_PASSWORD" | \
      curl -sS -o "$LOCAL_DIR/crossborder.out" -w '%{http_code}' --max-time 30 -K - \
        -H 'content-type: application/json' -X POST --data-binary "@$definitions" "$mgmt/api/definitions" 2>"$LOCAL_DIR/crossborder.err" || true)"
    rm -f "$definitions"
    [[ $status =~ ^2[0-9][0-9]$ ]] || die "loading the cross-border definitions of node $node through $mgmt failed (HTTP ${status:-?}: $(cat "$LOCAL_DIR/crossborder.err" "$LOCAL_DIR/crossborder.out" 2>/dev/null | tr '\n' ' ' | head -c 300))"
    # Loading definitions only adds: a vhost provisioned before the routing exchange still binds the partner's inbound
    # exchange straight to the default inbox, which would hand Return every purpose. Remove that old binding (absent: 404).
    local partner; partner="$([[ $node == AT ]] && echo NG || echo AT)"
    printf 'user = "%s:%s"\n' "$AMQP_USER" "$AMQP_PASSWORD" | \
      curl -sS -o /dev/null --max-time 30 -K - -X DELETE \
        "$mgmt/api/bindings/trm-$(printf '%s' "$node" | tr '[:upper:]' '[:lower:]')/e/crossborder.in.$partner/q/crossborder.inbox/~" 2>/dev/null || true
  done
  log "cross-border exchange ready: vhosts trm-at and trm-ng, shovels crossborder-to-NG and crossborder-to-AT (deploy/rabbitmq/)"
}

# ------------------------------------------------------------------ two national nodes on this machine (development)
# For ./build.sh --target=Up --nodes=2: nodes AT and NG, each with its own databases (trm_<service>_<node>, owned by the
# service's role), its own vhost (trm-at, trm-ng) where every service user may do what it may on the node's vhost, the
# cross-border exchange between them (crossborder_two_nodes), and a node signing key pair (ECDSA P-256, generated once
# under .local/crossborder/). Writes .local/two-nodes.env. Run by `up` when TR_NODES=2, or on its own:
#   deploy/local/infra.sh two-nodes      (uses TR_POSTGRES / TR_RABBITMQ / TR_RABBITMQ_MANAGEMENT)
TWO_NODES=(AT NG)
two_nodes_up() { # SUPERUSER_CS ADMIN_AMQP_URI MANAGEMENT_URL
  local cs="$1" admin="$2" mgmt="$3" node lower s up host keys="$LOCAL_DIR/crossborder" out="$LOCAL_DIR/two-nodes.env.tmp"
  local -A single_node_uris=()   # the single node's service URIs (written by write_env after this) are kept as they are
  for s in "${!RMQ_SERVICE_URIS[@]}"; do single_node_uris[$s]="${RMQ_SERVICE_URIS[$s]}"; done
  parse_npgsql "$cs"
  for node in "${TWO_NODES[@]}"; do
    apply_pg_accounts "$(printf '%s' "$node" | tr '[:upper:]' '[:lower:]')" || die "creating the databases of node $node failed"
  done
  crossborder_two_nodes "$admin" "$mgmt"

  command -v openssl >/dev/null || apt_install openssl
  mkdir -p "$keys"; chmod 700 "$keys"
  : >"$out"; chmod 600 "$out"
  for node in "${TWO_NODES[@]}"; do
    lower="$(printf '%s' "$node" | tr '[:upper:]' '[:lower:]')"
    parse_amqp_credentials "$admin"
    host="$AMQP_HOST"; [[ $host == *:* ]] && host="[$host]"
    rmq_provision_services "$AMQP_SCHEME://$(url_encode "$AMQP_USER"):$(url_encode "$AMQP_PASSWORD")@$host:$AMQP_PORT/trm-$lower" "$mgmt" "${SERVICES[@]}" \
      || die "giving the service users their permissions on vhost trm-$lower failed"
    [[ -s $keys/$lower.pem ]] || (umask 077; openssl ecparam -name prime256v1 -genkey -noout | openssl pkcs8 -topk8 -nocrypt -out "$keys/$lower.pem") \
      || die "generating the signing key of node $node failed"
    {
      for s in "${SERVICES[@]}"; do
        up="$(printf '%s' "$s" | tr '[:lower:]' '[:upper:]')"
        printf "export TR_%s_PG_%s='%s'\n" "$node" "$up" "$(pg_connection "$s" "trm_${s}_$lower")"
        printf "export TR_%s_RABBITMQ_%s='%s'\n" "$node" "$up" "${RMQ_SERVICE_URIS[$s]}"
      done
      printf "export TR_%s_CROSSBORDER='%s://trm-%s-node:trm-%s-node-dev-password@%s:%s/trm-%s'\n" "$node" "$AMQP_SCHEME" "$lower" "$lower" "$host" "$AMQP_PORT" "$lower"
      printf "export TR_%s_SIGNING_KEY_FILE='%s'\n" "$node" "$keys/$lower.pem"
      printf "export TR_%s_PUBLIC_KEY='%s'\n" "$node" "$(openssl pkey -in "$keys/$lower.pem" -pubout -outform DER | base64 -w0)"
    } >>"$out"
  done
  # The bilateral identity key AT and NG share (keyed hashes of identity documents: non-punishment across nodes).
  [[ -s $keys/at-ng.identity-key ]] || (umask 077; openssl rand -base64 32 >"$keys/at-ng.identity-key") \
    || die "generating the bilateral identity key of AT and NG failed"
  printf "export TR_IDENTITY_KEY_FILE='%s'\n" "$keys/at-ng.identity-key" >>"$out"
  mv "$out" "$LOCAL_DIR/two-nodes.env"
  RMQ_SERVICE_URIS=()
  for s in "${!single_node_uris[@]}"; do RMQ_SERVICE_URIS[$s]="${single_node_uris[$s]}"; done
  parse_npgsql "$cs"
  log "two nodes ready (AT, NG): databases trm_<service>_at/_ng, vhosts trm-at/trm-ng, keys in $keys; environment: $LOCAL_DIR/two-nodes.env"
}

# --------------------------------------------------------------------------------------- Docker
compose() {
  if docker compose version >/dev/null 2>&1; then docker compose -p trm-local -f "$COMPOSE_FILE" "$@"
  elif command -v docker-compose >/dev/null; then docker-compose -p trm-local -f "$COMPOSE_FILE" "$@"
  else die "Docker daemon answers but neither 'docker compose' nor 'docker-compose' is available"; fi
}

docker_answers() { command -v docker >/dev/null && timeout 20 docker info >/dev/null 2>&1; }

docker_up() {
  mkdir -p "$PG_BASE"
  [[ -s $PG_PASSWORD_FILE ]] || (umask 077; gen_password >"$PG_PASSWORD_FILE")
  export TR_POSTGRES_PASSWORD; TR_POSTGRES_PASSWORD="$(cat "$PG_PASSWORD_FILE")"
  local t0; t0=$(now)
  log "starting postgres:15 and rabbitmq:3.13-management with docker compose…"
  compose up -d >&2
  local deadline=$((SECONDS + 180)) svc state
  for svc in postgres rabbitmq; do
    while :; do
      state="$(docker inspect -f '{{if .State.Health}}{{.State.Health.Status}}{{else}}{{.State.Status}}{{end}}' "$(compose ps -q "$svc")" 2>/dev/null || true)"
      [[ $state == healthy ]] && break
      ((SECONDS < deadline)) || { compose logs --tail 30 "$svc" >&2 || true; die "container $svc not healthy (state: ${state:-?})"; }
      sleep 1
    done
  done
  wait_tcp "$PG_HOST" "$PG_PORT" 30 || die "postgres container not reachable on $PG_HOST:$PG_PORT"
  wait_tcp "$RMQ_HOST" "$RMQ_PORT" 30 || die "rabbitmq container not reachable on $RMQ_HOST:$RMQ_PORT"
  STARTED_SOMETHING=yes
  log "docker containers healthy ($(since "$t0") s)"
}

# ------------------------------------------------------------------ per-service databases and roles
run_psql() { # [PSQL OPTION...]  SQL on stdin, against the superuser connection (CS_* globals)
  if [[ $(cat "$MODE_FILE" 2>/dev/null) == docker && -z $(psql_cmd) ]]; then
    compose exec -T -e PGPASSWORD="$CS_PASSWORD" postgres psql -v ON_ERROR_STOP=1 -q -X -U "$CS_USER" -h 127.0.0.1 -d postgres "$@"
  else
    local psql; psql="$(psql_cmd)"
    if [[ -z $psql ]] && is_debian_root; then apt_install postgresql-client >&2; psql="$(psql_cmd)"; fi
    [[ -n $psql ]] || die "psql is missing (apt-get install postgresql-client)"
    PGPASSWORD="$CS_PASSWORD" PGCONNECT_TIMEOUT=10 "$psql" -v ON_ERROR_STOP=1 -q -X \
      -h "$CS_HOST" -p "$CS_PORT" -U "$CS_USER" -d postgres "$@"
  fi
}

# apply_pg_accounts [NODE] -> runs 01-service-databases.sql (for one of two nodes, with its databases trm_<service>_<node>)
# and sets PG_PASSWORDS[service] from the roles it reports.
declare -A PG_PASSWORDS=()
apply_pg_accounts() {
  local output role password
  output="$(run_psql -At ${1:+-v "node=$1"} <"$PG_ACCOUNTS")" || return 1
  PG_PASSWORDS=()
  while IFS='|' read -r role password; do PG_PASSWORDS[${role#trm_}]="$password"; done <<<"$output"
  [[ $(printf '%s\n' "${!PG_PASSWORDS[@]}" | sort) == $(printf '%s\n' "${SERVICES[@]}" | sort) ]] \
    || die "$PG_ACCOUNTS and $RMQ_DEFINITIONS name different services (${!PG_PASSWORDS[*]} / ${SERVICES[*]})"
}

pg_connection() { # SERVICE DATABASE -> connection string of the service's role (server CS_HOST:CS_PORT, or PG_SERVER_CS)
  printf '%s;Database=%s;Username=trm_%s;Password=%s' "${PG_SERVER_CS:-Host=$CS_HOST;Port=$CS_PORT}" "$2" "$1" "${PG_PASSWORDS[$1]}"
}

# ------------------------------------------------------------------------------------- metrics credential
# The bearer secret the services and the gateway require on /metrics (Metrics__Token) and Prometheus presents
# (deploy/prometheus/prometheus.yml: credentials_file ../../.local/metrics-token). Generated once per node, never committed.
METRICS_TOKEN_FILE="$LOCAL_DIR/metrics-token"
ensure_metrics_token() {
  [[ -s $METRICS_TOKEN_FILE ]] && return 0
  (umask 077; head -c 32 /dev/urandom | base64 | tr -d '\n=+/' >"$METRICS_TOKEN_FILE.tmp") && mv "$METRICS_TOKEN_FILE.tmp" "$METRICS_TOKEN_FILE"
  log "generated the /metrics scrape credential: $METRICS_TOKEN_FILE"
}

# ------------------------------------------------------------------------------------- env file
write_env() { # SUPERUSER_CS AMQP_URI MGMT_URL   (+ RMQ_SERVICE_URIS)
  local tmp="$ENV_FILE.tmp" s up
  {
    echo "# written by deploy/local/infra.sh up ($(cat "$MODE_FILE")) — DEVELOPMENT credentials only"
    printf "export TR_POSTGRES='%s'\n" "$1"
    printf "export TR_RABBITMQ='%s'\n" "$2"
    printf "export TR_RABBITMQ_MANAGEMENT='%s'\n" "$3"
    # the broker's prometheus plugin (scraped by deploy/prometheus; the monitoring tests compare rabbitmq_* names with it)
    if [[ -n ${TR_RABBITMQ_PROMETHEUS:-} ]]; then printf "export TR_RABBITMQ_PROMETHEUS='%s'\n" "$TR_RABBITMQ_PROMETHEUS"
    elif [[ $(cat "$MODE_FILE") == local ]]; then printf "export TR_RABBITMQ_PROMETHEUS='http://%s:%s'\n" "$RMQ_HOST" "$RMQ_PROMETHEUS_PORT"; fi
    printf "export TR_METRICS_TOKEN_FILE='%s'\n" "$METRICS_TOKEN_FILE"
    for s in "${SERVICES[@]}"; do
      up="$(printf '%s' "$s" | tr '[:lower:]' '[:upper:]')"
      printf "export TR_PG_%s='%s'\n" "$up" "$(pg_connection "$s" "trm_$s")"
    done
    # one RabbitMQ user per service (or TR_RABBITMQ where no such user could be created)
    for s in "${SERVICES[@]}"; do
      up="$(printf '%s' "$s" | tr '[:lower:]' '[:upper:]')"
      printf "export TR_RABBITMQ_%s='%s'\n" "$up" "${RMQ_SERVICE_URIS[$s]:-$2}"
    done
  } >"$tmp"
  chmod 600 "$tmp"; mv "$tmp" "$ENV_FILE"
}

# ------------------------------------------------------------------------------------- commands
local_cs() { printf 'Host=%s;Port=%s;Username=postgres;Password=%s' "$PG_HOST" "$PG_PORT" "$(cat "$PG_PASSWORD_FILE")"; }
local_amqp() { printf 'amqp://%s:%s@%s:%s/%s' "$RMQ_USER" "$RMQ_PASSWORD" "$RMQ_HOST" "$RMQ_PORT" "$RMQ_VHOST"; }

# One RabbitMQ user per service (RMQ_SERVICE_URIS). Local broker: definitions.json imported as it is (the vhost, the
# administrator, the service users); Docker broker: loaded at boot. Both: the service users posted again as the administrator.
# External broker: TR_RABBITMQ_<SERVICE> given by the caller are used as they are; the others are created with
# the credentials of TR_RABBITMQ when they allow it (an administrator, the management API at
# TR_RABBITMQ_MANAGEMENT), or else those services fall back to TR_RABBITMQ itself (with a warning).
provision_rabbitmq_users() { # MODE ADMIN_AMQP_URI MANAGEMENT_URL
  local mode="$1" s up given missing=()
  RMQ_SERVICE_URIS=()
  if [[ $mode == external ]]; then
    for s in "${SERVICES[@]}"; do
      up="$(printf '%s' "$s" | tr '[:lower:]' '[:upper:]')"
      given="TR_RABBITMQ_$up"
      if [[ -n ${!given:-} ]]; then RMQ_SERVICE_URIS[$s]="${!given}"; else missing+=("$s"); fi
    done
    if ((${#missing[@]} == 0)); then
      log "rabbitmq: every service's user is given by TR_RABBITMQ_<SERVICE>"
    elif rmq_provision_services "$2" "$3" "${missing[@]}"; then
      log "rabbitmq: users ${missing[*]/#/trm-} created with the given administrator"
    else
      log "warning: ${missing[*]} will connect with TR_RABBITMQ (no per-service RabbitMQ users: the given credentials could not create them)"
    fi
    return 0
  fi
  if [[ $mode == local ]]; then
    rmqctl -q import_definitions "$RMQ_DEFINITIONS" >/dev/null || die "rabbitmqctl import_definitions $RMQ_DEFINITIONS failed"
  fi
  wait_tcp "$RMQ_HOST" "$RMQ_MGMT_PORT" 60 || die "RabbitMQ management API not answering on 127.0.0.1:$RMQ_MGMT_PORT (needed to create the service users)"
  rmq_provision_services "$2" "$3" "${SERVICES[@]}" || die "creating the RabbitMQ service users failed"
  log "rabbitmq users ready: ${SERVICES[*]/#/trm-} (each limited to its own queues and exchanges on vhost $RMQ_VHOST)"
}

cmd_up() {
  local t0; t0=$(now)
  mkdir -p "$LOCAL_DIR"; chmod 755 "$LOCAL_DIR"
  load_rmq_definitions
  local mode="" pg_cs amqp mgmt

  # a. servers given by the caller (unless they are simply the ones this script wrote last time)
  if [[ -n ${TR_POSTGRES:-} && -n ${TR_RABBITMQ:-} ]]; then
    local ours=no
    if [[ -f $ENV_FILE ]] && grep -qxF "export TR_POSTGRES='$TR_POSTGRES'" "$ENV_FILE" \
       && [[ $(cat "$MODE_FILE" 2>/dev/null) != external ]]; then ours=yes; fi
    if [[ $ours == no ]]; then
      parse_npgsql "$TR_POSTGRES"; parse_amqp "$TR_RABBITMQ"
      if pg_answers "$CS_HOST" "$CS_PORT" && tcp_open "$AMQP_HOST" "$AMQP_PORT"; then
        mode=external
        pg_cs="$TR_POSTGRES"; amqp="$TR_RABBITMQ"
        mgmt="${TR_RABBITMQ_MANAGEMENT:-http://$AMQP_HOST:15672}"
        log "using the given servers: postgres $CS_HOST:$CS_PORT, rabbitmq $AMQP_HOST:$AMQP_PORT"
      else
        log "TR_POSTGRES/TR_RABBITMQ are set but do not answer ($CS_HOST:$CS_PORT, $AMQP_HOST:$AMQP_PORT); starting local ones"
      fi
    fi
  fi

  # b. local instances on Debian as root
  if [[ -z $mode ]] && is_debian_root && command -v runuser >/dev/null; then
    mode=local
    echo local >"$MODE_FILE"
    pg_local_up
    rmq_local_up
  fi

  # c. Docker
  if [[ -z $mode ]] && [[ -f $COMPOSE_FILE ]] && docker_answers; then
    mode=docker
    echo docker >"$MODE_FILE"
    docker_up
  fi

  # d. nothing usable
  if [[ -z $mode ]]; then
    die "no infrastructure available: TR_POSTGRES/TR_RABBITMQ are not set (or do not answer), this is not a Debian/Ubuntu machine running as root (needed to apt-install postgresql-15 and rabbitmq-server), and no Docker daemon answers ('docker info' failed). Provide one of these."
  fi

  if [[ $mode != external ]]; then
    pg_cs="$(local_cs)"; amqp="$(local_amqp)"; mgmt="http://127.0.0.1:$RMQ_MGMT_PORT"
    parse_npgsql "$pg_cs"
  fi
  echo "$mode" >"$MODE_FILE"
  apply_pg_accounts || die "creating the service databases/roles failed"
  log "databases and roles ready: ${SERVICES[*]/#/trm_} (deploy/compose/postgres-init/)"
  provision_rabbitmq_users "$mode" "$amqp" "$mgmt"
  if [[ ${TR_NODES:-1} == 2 ]]; then two_nodes_up "$pg_cs" "$amqp" "$mgmt"; fi
  ensure_metrics_token
  write_env "$pg_cs" "$amqp" "$mgmt"
  # started=yes -> this invocation started servers, so whoever called it may stop them again.
  echo "started=$STARTED_SOMETHING" >"$LAST_UP_FILE"
  log "infrastructure ready ($mode, $(since "$t0") s); environment: $ENV_FILE"
  cat "$ENV_FILE"
}

cmd_down() {
  local purge=no
  [[ ${1:-} == --purge ]] && purge=yes
  local mode; mode="$(cat "$MODE_FILE" 2>/dev/null || echo local)"
  case "$mode" in
    external) log "infrastructure is external (given by TR_POSTGRES/TR_RABBITMQ); nothing to stop" ;;
    docker)
      if [[ $purge == yes ]]; then compose down -v >&2 || true; else compose stop >&2 || true; fi ;;
    *)
      pg_local_down
      rmq_local_down ;;
  esac
  rm -f "$LAST_UP_FILE"
  if [[ $purge == yes ]]; then
    if [[ -L $PG_BASE/data ]]; then rm -rf "$(dirname "$(readlink -f "$PG_BASE/data")")"; fi
    rm -rf "$PG_BASE" "$RMQ_BASE" "$ENV_FILE" "$MODE_FILE"
    log "purged .local/pg and .local/rabbitmq"
  fi
}

cmd_status() {
  local mode; mode="$(cat "$MODE_FILE" 2>/dev/null || echo none)"
  echo "mode: $mode"
  if pg_answers "$PG_HOST" "$PG_PORT"; then echo "postgres: up ($PG_HOST:$PG_PORT)"; else echo "postgres: down ($PG_HOST:$PG_PORT)"; fi
  if tcp_open "$RMQ_HOST" "$RMQ_PORT"; then echo "rabbitmq: up ($RMQ_HOST:$RMQ_PORT)"; else echo "rabbitmq: down ($RMQ_HOST:$RMQ_PORT)"; fi
}

case "${1:-}" in
  up) cmd_up ;;
  down) shift; cmd_down "$@" ;;
  env) [[ -f $ENV_FILE ]] || die "$ENV_FILE does not exist; run: deploy/local/infra.sh up"; cat "$ENV_FILE" ;;
  status) cmd_status ;;
  two-nodes)
    [[ -n ${TR_POSTGRES:-} && -n ${TR_RABBITMQ:-} && -n ${TR_RABBITMQ_MANAGEMENT:-} ]] || die "TR_POSTGRES, TR_RABBITMQ and TR_RABBITMQ_MANAGEMENT must be set (e.g. set -a; . .local/infra.env; set +a)"
    mkdir -p "$LOCAL_DIR"; load_rmq_definitions; two_nodes_up "$TR_POSTGRES" "$TR_RABBITMQ" "$TR_RABBITMQ_MANAGEMENT" ;;
  resilient)
    shift
    # shellcheck source=resilient.sh
    . "$SCRIPT_DIR/resilient.sh"; cmd_resilient "$@" ;;
  crossborder)
    [[ -n ${TR_RABBITMQ:-} && -n ${TR_RABBITMQ_MANAGEMENT:-} ]] || die "TR_RABBITMQ and TR_RABBITMQ_MANAGEMENT must be set (e.g. set -a; . .local/infra.env; set +a)"
    mkdir -p "$LOCAL_DIR"; crossborder_two_nodes "$TR_RABBITMQ" "$TR_RABBITMQ_MANAGEMENT" ;;
  *) echo "usage: $0 up | down [--purge] | env | status | crossborder | two-nodes | resilient up|down|status|env|fault" >&2; exit 2 ;;
esac
