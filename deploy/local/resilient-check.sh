#!/usr/bin/env bash
# Failover check of the resilient infrastructure (deploy/local/infra.sh resilient up must have run): prints key=value lines.
#
#   deploy/local/resilient-check.sh [pg|rabbit|all]      (default all)
#
# pg      a writer inserts numbered rows through the multi-host connection (libpq, target_session_attrs=primary, the
#         same members as TR_POSTGRES) and records each acknowledged one; the primary is killed (Patroni and PostgreSQL,
#         kill -9); prints how long until a write succeeds again, checks that every acknowledged row is on the new
#         primary (synchronous replication: nothing accepted is lost), then starts the old primary again and prints how
#         long until it is a standby.
# rabbit  a quorum queue resilient-check gets 100 persistent messages; the node leading it is killed (kill -9); prints
#         how long until a publish through another node is routed again, checks that all messages are still there,
#         then starts the node again and prints how long until the queue has all three members online.
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$SCRIPT_DIR/../.." && pwd)"
ENV_FILE="$REPO_ROOT/.local/resilient.env"
INFRA="$SCRIPT_DIR/infra.sh"
[[ -f $ENV_FILE ]] || { echo "$ENV_FILE is missing: run deploy/local/infra.sh resilient up" >&2; exit 1; }
set -a; . "$ENV_FILE"; set +a

now() { printf '%s' "${EPOCHREALTIME/,/.}"; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }
log() { printf '[check] %s\n' "$*" >&2; }
status_of() { "$INFRA" resilient status | sed -n "s/^$1=\([^ ]*\).*/\1/p"; }

# ------------------------------------------------------------------------------------------ PostgreSQL
PSQL=/usr/lib/postgresql/15/bin/psql
pg_hosts() { sed -n 's/.*Host=\([^;]*\);.*/\1/p' <<<"$TR_POSTGRES"; }
pg_password() { sed -n 's/.*Password=\([^;]*\).*/\1/p' <<<"$TR_POSTGRES"; }
# libpq's form of the multi-host connection string: host=a,b port=p,q
pg_conninfo() {
  local hosts ports h
  for h in $(tr ',' ' ' <<<"$(pg_hosts)"); do hosts+="${hosts:+,}${h%:*}"; ports+="${ports:+,}${h##*:}"; done
  printf 'host=%s port=%s user=postgres dbname=postgres target_session_attrs=primary connect_timeout=2' "$hosts" "$ports"
}
sql() { PGPASSWORD="$(pg_password)" "$PSQL" -X -q -At -v ON_ERROR_STOP=1 "$(pg_conninfo)" -c "$1" 2>/dev/null; }

check_pg() {
  local dir t0 killed acked lost missing ok=""
  dir="$(mktemp -d)"
  sql 'DROP TABLE IF EXISTS resilient_check; CREATE TABLE resilient_check (id bigint PRIMARY KEY, at timestamptz DEFAULT now())' \
    || { log "cannot write through $(pg_conninfo)"; return 1; }
  # the writer: row i is acknowledged once its INSERT commits (a retry after an unknown outcome does not duplicate it)
  (
    i=1
    while [[ ! -e $dir/stop ]]; do
      if sql "INSERT INTO resilient_check (id) VALUES ($i) ON CONFLICT DO NOTHING"; then echo "$i" >>"$dir/acked"; i=$((i + 1)); else sleep 0.1; fi
    done
  ) &
  local writer=$!
  sleep 3
  log "primary before: $(status_of pg.primary); rows acknowledged so far: $(wc -l <"$dir/acked")"
  t0=$(now)
  killed="$("$INFRA" resilient fault pg-kill-primary | sed -n 's/^killed=//p')"
  until sql "INSERT INTO resilient_check (id) VALUES (-1) ON CONFLICT DO NOTHING"; do sleep 0.2; done
  echo "pg_write_after_primary_killed_seconds=$(since "$t0")"
  sleep 2
  touch "$dir/stop"; wait "$writer" || true
  acked="$(wc -l <"$dir/acked")"
  sql 'SELECT id FROM resilient_check WHERE id > 0 ORDER BY id' >"$dir/present"
  missing="$(sort -n "$dir/acked" | comm -23 - <(sort -n "$dir/present") | wc -l)"
  echo "pg_killed=$killed"
  echo "pg_primary_after=$(status_of pg.primary)"
  echo "pg_rows_acknowledged=$acked"
  echo "pg_rows_acknowledged_but_missing=$missing"
  t0=$(now)
  "$INFRA" resilient fault pg-start "$killed" >/dev/null
  echo "pg_rejoin_as_standby_seconds=$(since "$t0")"
  echo "pg.$killed=$(status_of "pg.$killed")"
  sql 'DROP TABLE resilient_check' || true
  rm -rf "$dir"
  [[ $missing == 0 ]]
}

# ------------------------------------------------------------------------------------------ RabbitMQ
mgmt_port() { echo $((55672 + 10 * $1 + 1)); }
api() { # NODE METHOD PATH [BODY]
  local userinfo="${TR_RABBITMQ#*://}"; userinfo="${userinfo%%@*}"     # the administrator of TR_RABBITMQ
  printf 'user = "%s"\n' "$userinfo" | curl -s --max-time 5 -K - -H 'content-type: application/json' -X "$2" \
    "http://127.0.0.1:$(mgmt_port "$1")/api/$3" ${4:+--data-binary "$4"}
}
publish() { # NODE BODY -> 0 when routed
  [[ $(api "$1" POST exchanges/trm/amq.default/publish \
    "{\"properties\":{\"delivery_mode\":2},\"routing_key\":\"resilient-check\",\"payload\":\"$2\",\"payload_encoding\":\"string\"}" \
    | jq -r '.routed' 2>/dev/null) == true ]]
}

check_rabbit() {
  local leader n other t0 count members
  api 1 DELETE queues/trm/resilient-check >/dev/null || true
  api 1 PUT queues/trm/resilient-check '{"durable":true,"arguments":{"x-queue-type":"quorum"}}' >/dev/null
  for i in $(seq 1 100); do publish 1 "before-$i" || { log "publish $i was not routed"; return 1; }; done
  leader="$(api 1 GET queues/trm/resilient-check | jq -r '.leader')"
  n="${leader#trm-r}"; n="${n%@*}"
  other=$((n % 3 + 1))
  echo "rabbit_queue_members=$(api 1 GET queues/trm/resilient-check | jq -r '.members | length')"
  echo "rabbit_killed_node=$n"
  t0=$(now)
  "$INFRA" resilient fault rabbit-kill "$n" 2>/dev/null
  until publish "$other" after-kill; do sleep 0.2; done
  echo "rabbit_publish_after_leader_killed_seconds=$(since "$t0")"
  count="$(api "$other" GET queues/trm/resilient-check | jq -r '.messages')"
  for _ in $(seq 1 25); do [[ $count == 101 ]] && break; sleep 0.2; count="$(api "$other" GET queues/trm/resilient-check | jq -r '.messages')"; done
  echo "rabbit_messages_after_kill=$count (expected 101)"
  echo "rabbit_new_leader=$(api "$other" GET queues/trm/resilient-check | jq -r '.leader')"
  t0=$(now)
  "$INFRA" resilient fault rabbit-start "$n" 2>/dev/null
  until [[ $(api "$other" GET queues/trm/resilient-check | jq -r '.online | length') == 3 ]]; do sleep 0.3; done
  echo "rabbit_rejoin_seconds=$(since "$t0")"
  members="$(api "$n" GET queues/trm/resilient-check | jq -r '.online | length')"
  echo "rabbit_queue_members_online=$members"
  count="$(api "$n" POST queues/trm/resilient-check/get '{"count":1000,"ackmode":"ack_requeue_false","encoding":"auto"}' | jq 'length')"
  echo "rabbit_messages_consumed_from_restarted_node=$count"
  api "$n" DELETE queues/trm/resilient-check >/dev/null || true
  [[ $count == 101 ]]
}

case "${1:-all}" in
  pg) check_pg ;;
  rabbit) check_rabbit ;;
  all) check_rabbit; check_pg ;;
  *) echo "usage: $0 [pg|rabbit|all]" >&2; exit 2 ;;
esac
