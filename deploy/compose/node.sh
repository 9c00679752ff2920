#!/usr/bin/env bash
# Runs the compose node (deploy/compose/node.yml) with podman-compose (or docker compose where there is no podman-compose).
#
#   deploy/compose/node.sh up [--observability]   secrets (first time), start, wait until the gateway and the five services are ready
#   deploy/compose/node.sh down [--keep]          stop and remove the containers, and the volumes unless --keep
#   deploy/compose/node.sh status                 the containers and their health
#   deploy/compose/node.sh token --role=FocalPoint --jurisdiction=NL [--organisation=…] [--sub=…]
#                                                 a bearer token of the node's issuer (the gateway image's token command
#                                                 with the issuer's private key, deploy/compose/secrets/issuer/)
#   deploy/compose/node.sh check [--keep]         up, the README walk-through against the gateway, down (./build.sh --target=ComposeCheck)
#
# Environment: TRM_JURISDICTION (NL), TRM_IMAGE_TAG (dev), TRM_MIGRATE_COMMAND (migrate; skip for images older than the migrate command),
# TRM_NODE_WAIT_SECONDS (420).
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$HERE/../.." && pwd)"
PROJECT=trm-node
GATEWAY_URL=http://127.0.0.1:18080
SERVICES=(identification protection return remedies judicial)
JURISDICTION="${TRM_JURISDICTION:-NL}"
WAIT="${TRM_NODE_WAIT_SECONDS:-420}"
export CONTAINERS_CONF="${CONTAINERS_CONF:-$REPO_ROOT/deploy/images/containers.conf}"

START=$SECONDS
progress() { printf '[node %3ds] %s\n' "$((SECONDS - START))" "$*" >&2; }

FILES=(-f node.yml)
[[ " $* " == *" --observability "* ]] && FILES+=(-f observability.yml)

compose() {
  # secrets: and ./ paths are relative to deploy/compose (podman-compose 1.0.x resolves secret files from the working directory)
  if command -v podman-compose >/dev/null; then (cd "$HERE" && podman-compose -p "$PROJECT" "${FILES[@]}" "$@")
  elif docker compose version >/dev/null 2>&1; then (cd "$HERE" && docker compose -p "$PROJECT" "${FILES[@]}" "$@")
  else echo "node.sh: neither podman-compose nor docker compose is installed (apt-get install -y podman-compose)" >&2; exit 1
  fi
}

engine() { if command -v podman >/dev/null; then podman "$@"; else docker "$@"; fi; }
container() { engine ps -a --filter "label=com.docker.compose.project=$PROJECT" --filter "label=com.docker.compose.service=$1" --format '{{.Names}}' | head -n1; }

# healthy SERVICE: runs the container's health check now (podman without systemd runs none by itself; docker does).
healthy() {
  local name; name="$(container "$1")"
  [[ -n "$name" ]] || return 1
  if command -v podman >/dev/null; then podman healthcheck run "$name" >/dev/null 2>&1
  else [[ "$(docker inspect -f '{{.State.Health.Status}}' "$name" 2>/dev/null)" == healthy ]]
  fi
}

wait_ready() {
  local waited=0 ready pending
  while :; do
    ready=(); pending=()
    for s in "${SERVICES[@]}" gateway; do if healthy "$s"; then ready+=("$s"); else pending+=("$s"); fi; done
    if ((${#pending[@]} == 0)) && curl -fsS -o /dev/null --max-time 3 "$GATEWAY_URL/health/ready"; then
      progress "ready: ${ready[*]} (gateway $GATEWAY_URL)"; return 0
    fi
    if ((waited >= WAIT)); then
      progress "not ready after ${WAIT}s: ${pending[*]}"
      for s in "${pending[@]}"; do
        local name; name="$(container "$s")"
        [[ -n "$name" ]] && { echo "---- $s ($name): last log lines" >&2; engine logs --tail 30 "$name" >&2 || true; }
      done
      return 1
    fi
    progress "waiting: ready ${ready[*]:-none}; not yet ${pending[*]}"
    sleep 10; waited=$((waited + 10))
  done
}

up() {
  "$HERE/secrets.sh"
  for image in postgres:15 rabbitmq:3.10 prometheus:2.42 "${SERVICES[@]/%/:${TRM_IMAGE_TAG:-dev}}" "gateway:${TRM_IMAGE_TAG:-dev}"; do
    engine image exists "localhost/trm/$image" 2>/dev/null || engine image inspect "localhost/trm/$image" >/dev/null 2>&1 \
      || { echo "node.sh: image localhost/trm/$image is missing: ./build.sh --target=Images" >&2; exit 1; }
  done
  progress "starting the node ($PROJECT: postgres, rabbitmq, migrate ×5, five services, gateway on $GATEWAY_URL, prometheus on http://127.0.0.1:19090)"
  compose up -d >"$REPO_ROOT/.local/compose-up.log" 2>&1 || { tail -30 "$REPO_ROOT/.local/compose-up.log" >&2; exit 1; }
  for s in "${SERVICES[@]/%/-migrate}"; do
    local name; name="$(container "$s")"
    [[ -n "$name" ]] || continue
    local code; code="$(timeout "$WAIT" "$(command -v podman || command -v docker)" wait "$name" 2>/dev/null | tail -n1 || echo timeout)"
    [[ "$code" == 0 ]] || { engine logs --tail 30 "$name" >&2; progress "$s exited with $code"; exit 1; }
  done
  progress "schema step done (TRM_MIGRATE_COMMAND=${TRM_MIGRATE_COMMAND:-migrate})"
  wait_ready
}

down() {
  local args=()
  [[ " $* " == *" --keep "* ]] || args+=(-v)
  progress "stopping the node ($PROJECT${args:+, volumes removed})"
  compose down "${args[@]}" >"$REPO_ROOT/.local/compose-down.log" 2>&1 || { tail -20 "$REPO_ROOT/.local/compose-down.log" >&2; return 1; }
}

token() {
  local key="$HERE/secrets/issuer/token-signing-key.pem"
  [[ -s "$key" ]] || { echo "node.sh token: no $key (deploy/compose/secrets.sh)" >&2; exit 1; }
  engine run --rm --read-only --user 1654 --network none -v "$key:/run/secrets/issuer-key:ro" \
    "localhost/trm/gateway:${TRM_IMAGE_TAG:-dev}" token --issuer-key=/run/secrets/issuer-key --issuer="trm-node-$JURISDICTION" --kid=node1 "$@"
}

check() {
  mkdir -p "$REPO_ROOT/.local"
  local status=0
  up || status=$?
  if ((status == 0)); then
    progress "the README walk-through against $GATEWAY_URL (tokens: deploy/compose/node.sh token)"
    "$REPO_ROOT/deploy/local/walkthrough.sh" --gateway="$GATEWAY_URL" --token-command="$HERE/node.sh token" || status=$?
    if ((status == 0)); then progress "walk-through PASSED against the compose node"; else progress "walk-through FAILED (exit $status)"; fi
  fi
  if [[ " $* " == *" --keep "* ]]; then progress "left running (--keep): deploy/compose/node.sh down"
  else down || true
  fi
  return "$status"
}

mkdir -p "$REPO_ROOT/.local"
case "${1:-}" in
  up) up ;;
  down) shift; down "$@" ;;
  status) compose ps; for s in "${SERVICES[@]}" gateway; do if healthy "$s"; then echo "$s healthy"; else echo "$s NOT ready"; fi; done ;;
  token) shift; token "$@" ;;
  check) shift; check "$@" ;;
  *) sed -n '2,13p' "$0" >&2; exit 2 ;;
esac
