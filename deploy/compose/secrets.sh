#!/usr/bin/env bash
# The secrets of the compose node (deploy/compose/node.yml), generated on first use into deploy/compose/secrets/
# (gitignored; the directory is 0700, so the files can be 0444 for the containers' different users). An existing file is
# never overwritten: delete the directory (with the node's volumes: `deploy/compose/node.sh down`) to start afresh.
#
#   deploy/compose/secrets.sh            creates what is missing, prints nothing else
#
# A file's name is the configuration key it holds, `__` for `:` (key-per-file configuration from /run/secrets):
#   secrets/<service>/ConnectionStrings__Marten     its PostgreSQL login (role trm_<service>, generated password)
#   secrets/<service>/ConnectionStrings__RabbitMq   its RabbitMQ user (trm-<service>, generated password), vhost trm
#   secrets/<service>/Audit__CheckpointKey          its checkpoint signing key (ECDSA P-256, PKCS#8 PEM)
#   secrets/<service>/Vault__MasterKeys__k1         its vault master key (32 random bytes, base64)
#   secrets/node/Metrics__Token                     the scrape credential (services, gateway, Prometheus)
#   secrets/node/CrossBorder__SigningKey            the node's cross-border signing key (ECDSA P-256, PKCS#8 PEM)
#   secrets/node/Auth__SigningKeys__node1           the token issuer's PUBLIC key (services and gateway verify tokens with it)
#   secrets/issuer/token-signing-key.pem            the token issuer's PRIVATE key: never mounted in the node; the
#                                                   walk-through mints tokens with it (deploy/compose/token.sh)
#   secrets/postgres/postgres_password              PostgreSQL's superuser
#   secrets/postgres/trm_<service>                  each role's password (the init script sets them)
#   secrets/rabbitmq/definitions.json               deploy/compose/rabbitmq/definitions.json with generated passwords
#   secrets/rabbitmq/erlang_cookie
#   secrets/grafana/admin_password                  Grafana's admin (deploy/compose/observability.yml)
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
DIR="${TRM_COMPOSE_SECRETS:-$HERE/secrets}"
SERVICES=(identification protection return remedies judicial)

command -v openssl >/dev/null || { echo "secrets.sh: openssl is needed" >&2; exit 1; }
command -v jq >/dev/null || { echo "secrets.sh: jq is needed" >&2; exit 1; }

umask 077
mkdir -p "$DIR"
chmod 700 "$DIR"

# write FILE: stdin into FILE unless it exists (0444: readable by the container's user; the directory keeps others out).
write() {
  local file="$DIR/$1"
  [[ -s "$file" ]] && { cat >/dev/null; return 0; }
  mkdir -p "$(dirname "$file")"; chmod 755 "$(dirname "$file")"
  cat >"$file.tmp"; chmod 444 "$file.tmp"; mv "$file.tmp" "$file"
}
password() { openssl rand -hex 24 | tr -d '\n'; }   # hex: safe in a connection string and a URI without escaping
ec_key() { openssl ecparam -name prime256v1 -genkey -noout | openssl pkcs8 -topk8 -nocrypt; }
value() { cat "$DIR/$1"; }

# PostgreSQL
password | write postgres/postgres_password
for svc in "${SERVICES[@]}"; do
  password | write "postgres/trm_$svc"
  password | write "rabbitmq/trm-$svc"
done
password | write rabbitmq/trm
openssl rand -hex 32 | tr -d '\n' | write rabbitmq/erlang_cookie
password | write grafana/admin_password   # deploy/compose/observability.yml only

# RabbitMQ: the one definition of the accounts and their permissions, the development passwords replaced.
if [[ ! -s "$DIR/rabbitmq/definitions.json" ]]; then
  args=(--arg trm "$(value rabbitmq/trm)")
  for svc in "${SERVICES[@]}"; do args+=(--arg "$svc" "$(value "rabbitmq/trm-$svc")"); done
  jq "${args[@]}" 'del(._comment) | .users |= map(.password = (if .name == "trm" then $trm else $ARGS.named[(.name | ltrimstr("trm-"))] end))' \
    "$HERE/rabbitmq/definitions.json" | write rabbitmq/definitions.json
fi

# The node
openssl rand -hex 32 | tr -d '\n' | write node/Metrics__Token
ec_key | write node/CrossBorder__SigningKey
ec_key | write issuer/token-signing-key.pem
openssl ec -in "$DIR/issuer/token-signing-key.pem" -pubout 2>/dev/null | write node/Auth__SigningKeys__node1

# Each service
for svc in "${SERVICES[@]}"; do
  printf 'Host=postgres;Port=5432;Database=trm_%s;Username=trm_%s;Password=%s' "$svc" "$svc" "$(value "postgres/trm_$svc")" | write "$svc/ConnectionStrings__Marten"
  printf 'amqp://trm-%s:%s@rabbitmq:5672/trm' "$svc" "$(value "rabbitmq/trm-$svc")" | write "$svc/ConnectionStrings__RabbitMq"
  ec_key | write "$svc/Audit__CheckpointKey"
  openssl rand -base64 32 | tr -d '\n' | write "$svc/Vault__MasterKeys__k1"
done
