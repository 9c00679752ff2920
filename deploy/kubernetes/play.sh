#!/usr/bin/env bash
# The node's application part on this machine with `podman kube play` (no Kubernetes cluster needed):
#   deploy/kubernetes/play.sh        render overlays/podman, keep what podman plays, run it, wait for the gateway
#   deploy/kubernetes/play.sh down   stop and remove the pods
# Needs: the images localhost/trm/<name>:dev (./build.sh --target=Images), the local PostgreSQL and RabbitMQ with the
# services' accounts (deploy/local/infra.sh up, which writes .local/infra.env), podman + runc, kubectl, node and the
# validator's packages (./build.sh --target=KubernetesTools; the YAML library comes from there).
# The pods use the host's network: gateway on 127.0.0.1:18280, services on 18281-18285 (overlays/podman).
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
RENDERED="$HERE/play/rendered/node.yaml"
GATEWAY=http://127.0.0.1:18280
NAMES=(gateway identification protection return remedies judicial)
export CONTAINERS_CONF="${CONTAINERS_CONF:-$HERE/play/containers.conf}"
log() { printf '[play] %s\n' "$*" >&2; }
die() { printf '[play] ERROR: %s\n' "$*" >&2; exit 1; }

command -v podman >/dev/null || die "podman is not installed (as root on Debian: apt-get install -y podman runc)"
if [[ ${1:-up} == down ]]; then
  [[ -f $RENDERED ]] || die "nothing to stop ($RENDERED does not exist)"
  podman kube down "$RENDERED"
  exit 0
fi
command -v kubectl >/dev/null || die "kubectl is not installed (it renders the kustomization)"
[[ -d $HERE/validate/node_modules/yaml ]] || die "run ./build.sh --target=KubernetesTools (or npm ci in deploy/kubernetes/validate) first"
missing=()
for name in "${NAMES[@]}"; do podman image exists "localhost/trm/$name:dev" || missing+=("localhost/trm/$name:dev"); done
((${#missing[@]} == 0)) || die "images missing: ${missing[*]} — build them with ./build.sh --target=Images"
[[ -f $ROOT/.local/infra.env ]] || die "no .local/infra.env: start the local PostgreSQL and RabbitMQ with deploy/local/infra.sh up"
set -a; . "$ROOT/.local/infra.env"; set +a

mkdir -p "$(dirname "$RENDERED")"
# Each pod's /tmp: podman creates emptyDir volumes owned by root, which uid 1654 cannot write.
export TR_PLAY_TMP="$ROOT/.local/k8s-play/tmp"
for name in "${NAMES[@]}"; do mkdir -p "$TR_PLAY_TMP/$name"; chown 1654:1654 "$TR_PLAY_TMP/$name"; chmod 700 "$TR_PLAY_TMP/$name"; done
log "rendering overlays/podman…"
kubectl kustomize "$HERE/overlays/podman" | node "$HERE/validate/podman-objects.mjs" > "$RENDERED"
chmod 600 "$RENDERED"   # development credentials of the local node
log "podman kube play ($(grep -c '^kind: Deployment' "$RENDERED") deployments)…"
podman kube play --replace "$RENDERED" >&2

log "waiting for the gateway ($GATEWAY/health/ready)…"
deadline=$((SECONDS + ${TR_PLAY_TIMEOUT:-180}))
# The gateway's readiness is its own; each service's (database and broker) is asked on its port (overlays/podman).
for target in "gateway $GATEWAY" "identification http://127.0.0.1:18281" "protection http://127.0.0.1:18282" \
              "return http://127.0.0.1:18283" "remedies http://127.0.0.1:18284" "judicial http://127.0.0.1:18285"; do
  set -- $target
  until curl -fsS -o /dev/null "$2/health/ready"; do
    if ((SECONDS >= deadline)); then
      podman pod ps >&2 || true
      die "$1 did not answer $2/health/ready within ${TR_PLAY_TIMEOUT:-180} s (podman logs $1-pod-0-$1 says why)"
    fi
    sleep 2
  done
  log "$1 ready: $2/health/ready"
done
log "the gateway answers: $GATEWAY/health/ready, every service behind it is ready"
