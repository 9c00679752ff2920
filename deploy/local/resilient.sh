# shellcheck shell=bash
# The resilient mode of deploy/local/infra.sh (sourced by it; uses its helpers): one national node's infrastructure
# that keeps running when a server dies, all on 127.0.0.1 beside the single-node servers (other ports, other data):
#
#   RabbitMQ   a cluster of three nodes trm-r1/2/3@localhost, AMQP 55682/55692/55702 (management +1, Erlang
#              distribution +2, prometheus +3: node 1's management UI is http://127.0.0.1:55683); the same vhost,
#              users and permissions as the single broker (definitions.json). Quorum queues get a member on every node.
#   PostgreSQL two members pg1 (55442) and pg2 (55443) run by Patroni (REST 55444/55445) with one etcd (55446/55447);
#              synchronous replication (Patroni's synchronous_mode): a commit is acknowledged once the standby has it
#              too, so a failover loses nothing that was accepted. When the standby is down the primary goes on alone
#              (synchronous_mode_strict off) and Patroni will not promote a standby that is not in sync.
#
#   deploy/local/infra.sh resilient up              install (apt) / start / provision, write .local/resilient.env
#   deploy/local/infra.sh resilient down [--purge]  stop all of it (data kept, or deleted)
#   deploy/local/infra.sh resilient status          key=value lines: who is primary, which nodes run
#   deploy/local/infra.sh resilient env             print .local/resilient.env
#   deploy/local/infra.sh resilient fault FAULT     rabbit-kill N | rabbit-start N | pg-kill-primary | pg-crash-primary
#                                                   | pg-start MEMBER  (see docs/resilient-node.md)
#
# EVERY PASSWORD HERE IS A DEVELOPMENT DEFAULT for a loopback-only throwaway instance.

RES_DIR="$LOCAL_DIR/resilient"
RES_ENV_FILE="$LOCAL_DIR/resilient.env"
RES_RABBIT_NODES=(1 2 3)
RES_PG_MEMBERS=(pg1 pg2)
RES_PG_PORT_BASE=55441         # pgN listens on 55441+N; its Patroni REST API on 55443+N
RES_ETCD_CLIENT_PORT=55446
RES_ETCD_PEER_PORT=55447
RES_SCOPE=trm-resilient

# ------------------------------------------------------------------------------------------ RabbitMQ
# Points infra.sh's single-node globals (RMQ_BASE, ports, node name) at cluster node N, so that its rmq_local_up,
# rmq_local_down, rmqctl and provision_rabbitmq_users serve that node unchanged.
res_rabbit_node() { # N
  RMQ_BASE="$RES_DIR/rabbit$1"
  RMQ_PORT=$((55672 + 10 * $1))
  RMQ_MGMT_PORT=$((RMQ_PORT + 1))
  RMQ_DIST_PORT=$((RMQ_PORT + 2))
  RMQ_PROMETHEUS_PORT=$((RMQ_PORT + 3))
  RMQ_NODENAME="trm-r$1@localhost"
}

res_rabbit_running() { # N
  res_rabbit_node "$1"
  rmq_pid_alive && tcp_open "$RMQ_HOST" "$RMQ_PORT"
}

# Starts node N with its own copy of the cluster's Erlang cookie (every node must have the same one).
res_rabbit_start() { # N
  local cookie="$RES_DIR/erlang-cookie"
  res_rabbit_node "$1"
  mkdir -p "$RMQ_BASE"; chmod 700 "$RMQ_BASE"
  if ! cmp -s "$cookie" "$RMQ_BASE/.erlang.cookie" 2>/dev/null; then
    rm -f "$RMQ_BASE/.erlang.cookie"; install -m 400 "$cookie" "$RMQ_BASE/.erlang.cookie"
  fi
  rmq_local_up
}

res_rabbit_cookie() {
  mkdir -p "$RES_DIR"; chmod 755 "$RES_DIR"
  [[ -s $RES_DIR/erlang-cookie ]] || (umask 077; head -c 32 /dev/urandom | base64 | tr -dc 'A-Z' | cut -c1-20 >"$RES_DIR/erlang-cookie")
}

# Joins node N (> 1, running) to node 1 unless it already belongs to the cluster (a restarted node rejoins by itself).
res_rabbit_join() { # N
  local n="$1"
  res_rabbit_node "$n"
  ((n > 1)) || return 0
  if rmqctl -q cluster_status --formatter json 2>/dev/null | jq -e '.disk_nodes | index("trm-r1@localhost")' >/dev/null; then
    return 0
  fi
  log "joining $RMQ_NODENAME to the cluster of trm-r1@localhost…"
  { rmqctl -q stop_app && rmqctl -q join_cluster trm-r1@localhost && rmqctl -q start_app; } >>"$RMQ_BASE/log/join.log" 2>&1 \
    || { tail -n 20 "$RMQ_BASE/log/join.log" >&2; die "$RMQ_NODENAME could not join trm-r1@localhost"; }
}

res_rabbit_kill() { # N  (kill -9 the node's Erlang VM: no goodbye to its peers, like a machine that dies)
  res_rabbit_node "$1"
  rmq_pid_alive || { log "rabbitmq node $1 is not running"; return 0; }
  kill -9 "$(cat "$RMQ_BASE/rabbitmq.pid")"
  local deadline=$((SECONDS + 10))
  while tcp_open "$RMQ_HOST" "$RMQ_PORT" && ((SECONDS < deadline)); do sleep 0.1; done
  rm -f "$RMQ_BASE/rabbitmq.pid"
  log "rabbitmq node $1 ($RMQ_NODENAME) killed"
}

# -------------------------------------------------------------------------------------------- etcd
res_etcd_up() {
  command -v etcd >/dev/null || apt_install etcd-server
  local dir="$RES_DIR/etcd"
  if tcp_open 127.0.0.1 "$RES_ETCD_CLIENT_PORT"; then log "etcd already running on 127.0.0.1:$RES_ETCD_CLIENT_PORT"; return; fi
  mkdir -p "$dir/data"; chmod 700 "$dir/data"
  log "starting etcd on 127.0.0.1:$RES_ETCD_CLIENT_PORT…"
  (close_fds; cd "$dir" || exit 1; exec setsid etcd --name trm-etcd --data-dir "$dir/data" \
    --listen-client-urls "http://127.0.0.1:$RES_ETCD_CLIENT_PORT" --advertise-client-urls "http://127.0.0.1:$RES_ETCD_CLIENT_PORT" \
    --listen-peer-urls "http://127.0.0.1:$RES_ETCD_PEER_PORT" --initial-advertise-peer-urls "http://127.0.0.1:$RES_ETCD_PEER_PORT" \
    --initial-cluster "trm-etcd=http://127.0.0.1:$RES_ETCD_PEER_PORT") \
    </dev/null >>"$dir/etcd.log" 2>&1 &
  echo $! >"$dir/etcd.pid"
  wait_tcp 127.0.0.1 "$RES_ETCD_CLIENT_PORT" 30 || { tail -n 20 "$dir/etcd.log" >&2; die "etcd did not start (log: $dir/etcd.log)"; }
}

res_etcd_down() {
  local pidfile="$RES_DIR/etcd/etcd.pid"
  if [[ -s $pidfile ]] && kill -0 "$(cat "$pidfile")" 2>/dev/null; then
    kill "$(cat "$pidfile")"; for _ in $(seq 1 50); do kill -0 "$(cat "$pidfile")" 2>/dev/null || break; sleep 0.1; done
    log "etcd stopped"
  fi
  rm -f "$pidfile"
}

# ------------------------------------------------------------------------------------ PostgreSQL (Patroni)
res_pg_port() { printf '%s' $((RES_PG_PORT_BASE + ${1#pg})); }
res_pg_rest_port() { printf '%s' $((RES_PG_PORT_BASE + 2 + ${1#pg})); }
res_pg_dir() { printf '%s/%s' "$RES_DIR" "$1"; }
res_pg_hosts() { local m out=""; for m in "${RES_PG_MEMBERS[@]}"; do out+="${out:+,}127.0.0.1:$(res_pg_port "$m")"; done; printf '%s' "$out"; }

# the member's role as Patroni reports it: primary | standby | down
res_pg_role() { # MEMBER
  local json; json="$(curl -s --max-time 2 "http://127.0.0.1:$(res_pg_rest_port "$1")/patroni" 2>/dev/null)" || { echo down; return; }
  case "$(jq -r '.role + "/" + .state' <<<"$json" 2>/dev/null)" in
    master/running|primary/running) echo primary ;;
    replica/running|standby_leader/running) echo standby ;;
    *) echo down ;;
  esac
}
res_pg_primary() { local m; for m in "${RES_PG_MEMBERS[@]}"; do [[ $(res_pg_role "$m") == primary ]] && { echo "$m"; return; }; done; echo none; }

res_patroni_config() { # MEMBER
  local m="$1" dir; dir="$(res_pg_dir "$1")"
  cat <<EOF
# generated by deploy/local/infra.sh resilient (loopback-only throwaway cluster)
scope: $RES_SCOPE
name: $m
log: {level: INFO, dir: $dir}
restapi: {listen: 127.0.0.1:$(res_pg_rest_port "$m"), connect_address: 127.0.0.1:$(res_pg_rest_port "$m")}
etcd3: {hosts: 127.0.0.1:$RES_ETCD_CLIENT_PORT}
bootstrap:
  dcs:
    ttl: 20                          # the leader key expires 20 s after the primary's Patroni stops renewing it
    loop_wait: 2
    retry_timeout: 5
    maximum_lag_on_failover: 1048576
    synchronous_mode: true           # a commit returns once the synchronous standby has it
    synchronous_mode_strict: false   # standby down: the primary goes on alone (and no out-of-sync standby is promoted)
    postgresql:
      use_pg_rewind: true
      use_slots: true
      parameters: {max_connections: 300, shared_buffers: 128MB, wal_log_hints: 'on', wal_keep_size: 256MB, max_wal_senders: 10, max_replication_slots: 10}
  initdb: [{encoding: UTF8}, {locale: C.UTF-8}, {auth-host: scram-sha-256}, {auth-local: trust}]
  pg_hba:
    - local all all trust
    - host replication replicator 127.0.0.1/32 scram-sha-256
    - host all all 127.0.0.1/32 scram-sha-256
postgresql:
  listen: 127.0.0.1:$(res_pg_port "$m")
  connect_address: 127.0.0.1:$(res_pg_port "$m")
  data_dir: $dir/data
  bin_dir: $PG_BIN
  pgpass: $dir/pgpass
  remove_data_directory_on_rewind_failure: true
  remove_data_directory_on_diverged_timelines: true
  authentication:
    superuser: {username: postgres, password: '$(cat "$RES_DIR/superuser-password")'}
    replication: {username: replicator, password: '$(cat "$RES_DIR/replication-password")'}
    rewind: {username: postgres, password: '$(cat "$RES_DIR/superuser-password")'}
  parameters: {unix_socket_directories: '$dir'}
EOF
}

res_patroni_pid() { # MEMBER -> pid of its Patroni, when it runs
  local pidfile; pidfile="$(res_pg_dir "$1")/patroni.pid"
  [[ -s $pidfile ]] && kill -0 "$(cat "$pidfile")" 2>/dev/null && cat "$pidfile"
}

res_pg_start() { # MEMBER  (a member whose data is behind or diverged rejoins as standby: Patroni runs pg_rewind)
  local m="$1" dir; dir="$(res_pg_dir "$1")"
  [[ " ${RES_PG_MEMBERS[*]} " == *" $m "* ]] || die "no PostgreSQL member '$m' (members: ${RES_PG_MEMBERS[*]})"
  if res_patroni_pid "$m" >/dev/null; then log "patroni $m already running"; return; fi
  mkdir -p "$dir"; chown postgres:postgres "$dir"; chmod 700 "$dir"
  (umask 077; res_patroni_config "$m" >"$dir/patroni.yml"); chown postgres:postgres "$dir/patroni.yml"
  log "starting patroni $m (postgres 127.0.0.1:$(res_pg_port "$m"), REST 127.0.0.1:$(res_pg_rest_port "$m"))…"
  # setpriv, not runuser: runuser would stay as Patroni's parent, and the pid kept must be Patroni's own (pg-kill-primary)
  (close_fds; cd / && exec setsid env HOME=/var/lib/postgresql setpriv --reuid=postgres --regid=postgres --init-groups patroni "$dir/patroni.yml") \
    </dev/null >>"$dir/patroni.console.log" 2>&1 &
  echo $! >"$dir/patroni.pid"
}

res_pg_wait() { # MEMBER ROLE SECONDS -> 0 once Patroni reports the member in that role
  local deadline=$((SECONDS + $3))
  until [[ $(res_pg_role "$1") == "$2" ]]; do
    ((SECONDS < deadline)) || return 1
    sleep 0.3
  done
}

res_pg_stop() { # MEMBER  (Patroni stops its PostgreSQL on SIGTERM)
  local pid; pid="$(res_patroni_pid "$1" || true)"
  if [[ -n $pid ]]; then
    kill "$pid"
    for _ in $(seq 1 300); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  fi
  rm -f "$(res_pg_dir "$1")/patroni.pid"
  # a PostgreSQL its Patroni left behind (killed with -9 earlier) is stopped too
  if [[ -f $(res_pg_dir "$1")/data/postmaster.pid ]] && as_postgres "$PG_BIN/pg_ctl" -D "$(res_pg_dir "$1")/data" status >/dev/null 2>&1; then
    as_postgres "$PG_BIN/pg_ctl" -D "$(res_pg_dir "$1")/data" -m fast -w -t 60 stop >/dev/null
  fi
  log "patroni $1 stopped"
}

res_postmaster_pid() { local f; f="$(res_pg_dir "$1")/data/postmaster.pid"; [[ -s $f ]] && head -n1 "$f"; }

# A primary's member dies as a whole (its Patroni and its PostgreSQL, kill -9): its leader key expires and Patroni on
# the synchronous standby promotes it.
res_pg_kill_primary() {
  local m pid pm; m="$(res_pg_primary)"
  [[ $m != none ]] || die "no PostgreSQL primary to kill"
  pid="$(res_patroni_pid "$m" || true)"; pm="$(res_postmaster_pid "$m" || true)"
  [[ -n $pid ]] && kill -9 "$pid" 2>/dev/null
  [[ -n $pm ]] && kill -9 "$pm" 2>/dev/null
  rm -f "$(res_pg_dir "$m")/patroni.pid"
  log "killed primary $m (patroni ${pid:-?}, postmaster ${pm:-?})"
  echo "killed=$m"
}

# Only the primary's postmaster dies (kill -9): its Patroni, still holding the leader key, starts it again in place.
res_pg_crash_primary() {
  local m pm; m="$(res_pg_primary)"
  [[ $m != none ]] || die "no PostgreSQL primary to crash"
  pm="$(res_postmaster_pid "$m")" || die "no postmaster.pid for $m"
  kill -9 "$pm"
  log "killed the postmaster of primary $m ($pm); its Patroni restarts it"
  echo "crashed=$m"
}

# ---------------------------------------------------------------------------------------- commands
res_cs() { # superuser connection string over every member; Npgsql picks the one that is primary
  printf 'Host=%s;Username=postgres;Password=%s;Target Session Attributes=primary' "$(res_pg_hosts)" "$(cat "$RES_DIR/superuser-password")"
}

res_up() {
  local t0 m n; t0=$(now)
  is_debian_root && command -v runuser >/dev/null || die "the resilient mode runs local servers: Debian/Ubuntu as root"
  mkdir -p "$LOCAL_DIR" "$RES_DIR"; chmod 755 "$LOCAL_DIR" "$RES_DIR"
  as_postgres test -x "$RES_DIR" || die "the OS user postgres cannot reach $RES_DIR (keep the checkout where it can, e.g. not under /root)"
  load_rmq_definitions
  [[ -x $PG_BIN/initdb ]] || apt_install postgresql-15
  command -v patroni >/dev/null || apt_install patroni
  [[ -x $RMQ_LIB/rabbitmq-server ]] || apt_install rabbitmq-server
  for f in superuser-password replication-password; do [[ -s $RES_DIR/$f ]] || (umask 077; gen_password >"$RES_DIR/$f"); done

  # PostgreSQL first (its bootstrap runs while the RabbitMQ nodes start)
  res_etcd_up
  for m in "${RES_PG_MEMBERS[@]}"; do res_pg_start "$m"; done
  # the three nodes boot side by side (each takes tens of seconds), then join node 1 one after the other
  local pids=() pid
  res_rabbit_cookie
  for n in "${RES_RABBIT_NODES[@]}"; do (res_rabbit_start "$n") & pids+=($!); done
  for pid in "${pids[@]}"; do wait "$pid" || die "a RabbitMQ node did not start (logs: $RES_DIR/rabbit*/log)"; done
  for n in "${RES_RABBIT_NODES[@]}"; do res_rabbit_join "$n"; done
  local deadline=$((SECONDS + 120))
  until [[ $(res_pg_primary) != none ]]; do
    ((SECONDS < deadline)) || die "no PostgreSQL primary after 120 s (logs: $RES_DIR/pg*/patroni.log)"
    sleep 0.5
  done
  for m in "${RES_PG_MEMBERS[@]}"; do
    [[ $(res_pg_role "$m") == primary ]] && continue
    res_pg_wait "$m" standby 120 || die "$m did not become a standby (log: $(res_pg_dir "$m")/patroni.log)"
  done
  log "postgres: primary $(res_pg_primary), members ${RES_PG_MEMBERS[*]}"

  # the services' accounts, as the single node gets them: psql on the primary, definitions through node 1
  CS_HOST=127.0.0.1 CS_PORT="$(res_pg_port "$(res_pg_primary)")" CS_USER=postgres CS_PASSWORD="$(cat "$RES_DIR/superuser-password")"
  apply_pg_accounts || die "creating the service databases/roles failed"
  res_rabbit_node 1
  provision_rabbitmq_users local "$(local_amqp)" "http://127.0.0.1:$RMQ_MGMT_PORT"

  ensure_metrics_token
  local nodes="" others=""
  for n in "${RES_RABBIT_NODES[@]}"; do nodes+="${nodes:+,}127.0.0.1:$((55672 + 10 * n))"; done
  others="${nodes#*,}"
  echo resilient >"$RES_DIR/mode"
  PG_SERVER_CS="Host=$(res_pg_hosts);Target Session Attributes=primary" MODE_FILE="$RES_DIR/mode" \
  TR_RABBITMQ_PROMETHEUS="http://127.0.0.1:$RMQ_PROMETHEUS_PORT" ENV_FILE="$RES_ENV_FILE" \
    write_env "$(res_cs)" "$(local_amqp)" "http://127.0.0.1:$RMQ_MGMT_PORT"
  {
    echo "# the resilient mode's other RabbitMQ nodes (services: RabbitMq__ClusterNodes) and its fault commands"
    printf "export TR_RABBITMQ_NODES='%s'\n" "$others"
    printf "export TR_RESILIENT='%s'\n" "$SCRIPT_DIR/infra.sh resilient"
  } >>"$RES_ENV_FILE"
  log "resilient infrastructure ready ($(since "$t0") s); environment: $RES_ENV_FILE"
  cat "$RES_ENV_FILE"
}

res_down() {
  local m n
  for m in "${RES_PG_MEMBERS[@]}"; do res_pg_stop "$m"; done
  res_etcd_down
  for n in "${RES_RABBIT_NODES[@]}"; do (res_rabbit_node "$n"; [[ ! -d $RMQ_BASE ]] || rmq_local_down) & done   # side by side
  wait
  if [[ ${1:-} == --purge ]]; then
    rm -rf "$RES_DIR" "$RES_ENV_FILE"
    log "purged .local/resilient"
  fi
}

res_status() {
  local m n
  echo "mode=resilient"
  if tcp_open 127.0.0.1 "$RES_ETCD_CLIENT_PORT"; then echo "etcd=up"; else echo "etcd=down"; fi
  echo "pg.primary=$(res_pg_primary)"
  for m in "${RES_PG_MEMBERS[@]}"; do echo "pg.$m=$(res_pg_role "$m") port=$(res_pg_port "$m")"; done
  local running=""
  for n in "${RES_RABBIT_NODES[@]}"; do
    if res_rabbit_running "$n"; then echo "rabbit.$n=up port=$RMQ_PORT"; running+="${running:+,}$n"; else echo "rabbit.$n=down port=$RMQ_PORT"; fi
  done
  echo "rabbit.running=$running"
}

res_fault() { # FAULT [ARG]
  case "${1:-}" in
    rabbit-kill) [[ ${2:-} =~ ^[123]$ ]] || die "rabbit-kill N (N = 1, 2 or 3)"; res_rabbit_kill "$2" ;;
    rabbit-start) [[ ${2:-} =~ ^[123]$ ]] || die "rabbit-start N (N = 1, 2 or 3)"; res_rabbit_cookie; res_rabbit_start "$2"; res_rabbit_join "$2" ;;
    pg-kill-primary) res_pg_kill_primary ;;
    pg-crash-primary) res_pg_crash_primary ;;
    pg-start)
      [[ -n ${2:-} ]] || die "pg-start MEMBER (${RES_PG_MEMBERS[*]})"
      res_pg_start "$2"
      res_pg_wait "$2" standby 120 || res_pg_wait "$2" primary 1 || die "$2 did not come back (log: $(res_pg_dir "$2")/patroni.log)"
      echo "pg.$2=$(res_pg_role "$2")" ;;
    *) die "fault: rabbit-kill N | rabbit-start N | pg-kill-primary | pg-crash-primary | pg-start MEMBER" ;;
  esac
}

cmd_resilient() {
  case "${1:-}" in
    up) res_up ;;
    down) shift; res_down "$@" ;;
    status) res_status ;;
    env) [[ -f $RES_ENV_FILE ]] || die "$RES_ENV_FILE does not exist; run: deploy/local/infra.sh resilient up"; cat "$RES_ENV_FILE" ;;
    fault) shift; res_fault "$@" ;;
    *) echo "usage: $0 resilient up | down [--purge] | status | env | fault FAULT [ARG]" >&2; exit 2 ;;
  esac
}
