#!/usr/bin/env bash
# The node's container images, built on this machine from Debian packages and this machine's .NET SDK (no public image
# registry needed), served by a local registry and loaded into podman. Run by ./build.sh --target=Images.
#
#   deploy/images/build-images.sh [all]        tools, registry, base images, the six app images (default)
#   deploy/images/build-images.sh registry-up  only start the local registry (left running)
#   deploy/images/build-images.sh registry-down
#   options (environment): TRM_REGISTRY_PORT (55800), TRM_OFFICIAL_BASE=true (apps on mcr.microsoft.com/dotnet/aspnet:10.0;
#   needs that registry), TRM_IMAGES_FORCE=true (rebuild the base images even when their inputs did not change),
#   CONFIGURATION (Release).
#
# What it makes (all tagged :dev in podman as localhost/trm/<name>:dev as well):
#   trm/base:bookworm      Debian 12 (mmdebstrap, variant essential) + ca-certificates, libssl3, libstdc++6, zlib1g, tzdata,
#                          busybox; user app (uid 1654). No libicu: every project sets InvariantGlobalization, so ICU is never loaded.
#   trm/aspnet:10.0        + the ASP.NET Core shared runtime copied from this machine's SDK install (exactly the versions the
#                          apps run on), DOTNET_ROOT=/usr/share/dotnet, USER 1654
#   trm/<app>:<describe>   the five services and the gateway (dotnet publish /t:PublishContainer, deploy/images/Containers.props)
#   trm/postgres:15, trm/rabbitmq:3.10, trm/prometheus:2.42   the node's infrastructure, from Debian packages likewise
#
# The base images are rebuilt only when their inputs change (a hash of this script, deploy/images/ and the runtime
# versions, kept in .local/images/); the app images on every run (a few seconds each).
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
HERE="$REPO_ROOT/deploy/images"
STATE="$REPO_ROOT/.local/images"
REGISTRY_DIR="$REPO_ROOT/.local/registry"
PORT="${TRM_REGISTRY_PORT:-55800}"
REGISTRY="127.0.0.1:$PORT"
CONFIGURATION="${CONFIGURATION:-Release}"
SUITE=bookworm
MIRROR="${TRM_DEBIAN_MIRROR:-http://deb.debian.org/debian}"
export CONTAINERS_CONF="$HERE/containers.conf"
export DOTNET_CONTAINER_INSECURE_REGISTRIES="$REGISTRY"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

APPS=(
  "identification services/Identification/TransnationalReferral.Identification.csproj"
  "protection services/Protection/TransnationalReferral.Protection.csproj"
  "return services/Return/TransnationalReferral.Return.csproj"
  "remedies services/Remedies/TransnationalReferral.Remedies.csproj"
  "judicial services/JudicialCooperation/TransnationalReferral.JudicialCooperation.csproj"
  "gateway gateway/TransnationalReferral.Gateway.csproj"
)

START=$SECONDS
progress() { printf '[images %3ds] %s\n' "$((SECONDS - START))" "$*" >&2; }
die() { echo "[images] ERROR: $*" >&2; exit 1; }

# ---- tools ----------------------------------------------------------------------------------------------------------

install_tools() {
  local missing=()
  command -v podman >/dev/null || missing+=(podman)
  command -v runc >/dev/null || missing+=(runc)
  command -v mmdebstrap >/dev/null || missing+=(mmdebstrap)
  command -v docker-registry >/dev/null || missing+=(docker-registry)
  command -v podman-compose >/dev/null || missing+=(podman-compose)
  command -v jq >/dev/null || missing+=(jq)
  command -v curl >/dev/null || missing+=(curl)
  if ((${#missing[@]})); then
    [[ $EUID -eq 0 ]] || die "missing ${missing[*]}: install them (apt-get install -y ${missing[*]}) or run as root"
    progress "installing ${missing[*]} (apt-get)"
    DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 install -y -q "${missing[@]}" >/dev/null \
      || { apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 install -y -q "${missing[@]}" >/dev/null; } \
      || die "apt-get install ${missing[*]} failed"
  else
    progress "tools present: podman $(podman --version | awk '{print $3}'), runc, mmdebstrap, docker-registry, podman-compose"
  fi
}

# ---- the local registry -----------------------------------------------------------------------------------------------

registry_answers() { curl -fsS -o /dev/null --max-time 2 "http://$REGISTRY/v2/" 2>/dev/null; }

registry_up() {
  if registry_answers; then progress "registry $REGISTRY answers"; return; fi
  mkdir -p "$REGISTRY_DIR/data"
  cat >"$REGISTRY_DIR/config.yml" <<EOF
version: 0.1
log: { level: warn }
storage:
  filesystem: { rootdirectory: $REGISTRY_DIR/data }
  delete: { enabled: true }
http:
  addr: $REGISTRY
EOF
  progress "starting the local registry on $REGISTRY (data in .local/registry; stop: $0 registry-down)"
  setsid nohup docker-registry serve "$REGISTRY_DIR/config.yml" >>"$REGISTRY_DIR/registry.log" 2>&1 </dev/null &
  echo $! >"$REGISTRY_DIR/pid"
  for _ in $(seq 1 50); do registry_answers && return; sleep 0.2; done
  die "the registry did not answer on $REGISTRY (see $REGISTRY_DIR/registry.log)"
}

registry_down() {
  if [[ -f "$REGISTRY_DIR/pid" ]] && kill -0 "$(cat "$REGISTRY_DIR/pid")" 2>/dev/null; then
    kill "$(cat "$REGISTRY_DIR/pid")"; rm -f "$REGISTRY_DIR/pid"; echo "[images] registry stopped" >&2
  else
    echo "[images] no registry started from this checkout is running" >&2
  fi
}

in_registry() { # REPOSITORY TAG
  curl -fsS -o /dev/null --max-time 5 -H 'Accept: application/vnd.docker.distribution.manifest.v2+json' \
    -H 'Accept: application/vnd.oci.image.manifest.v1+json' "http://$REGISTRY/v2/$1/manifests/$2"
}

push() { # LOCAL-IMAGE REPOSITORY:TAG
  podman push -q --tls-verify=false --format v2s2 "$1" "$REGISTRY/$2" >/dev/null
}

# ---- Debian root filesystems ------------------------------------------------------------------------------------------

# Documentation, manual pages and translations are left out (copyright files kept).
DPKG_SLIM=(--dpkgopt='path-exclude=/usr/share/doc/*' --dpkgopt='path-include=/usr/share/doc/*/copyright'
  --dpkgopt='path-exclude=/usr/share/man/*' --dpkgopt='path-exclude=/usr/share/locale/*'
  --dpkgopt='path-exclude=/usr/share/info/*')

debootstrap_to() { # TARBALL PACKAGES [mmdebstrap options...]
  local tarball="$1" packages="$2"; shift 2
  mmdebstrap --quiet --variant=essential --include="$packages" "${DPKG_SLIM[@]}" \
    --customize-hook='rm -rf "$1"/var/cache/apt/* "$1"/var/lib/apt/lists/* "$1"/var/log/*.log "$1"/var/cache/debconf/*-old' \
    "$@" "$SUITE" "$tarball" "$MIRROR" >"$STATE/mmdebstrap.log" 2>&1 \
    || { tail -20 "$STATE/mmdebstrap.log" >&2; die "mmdebstrap failed (log: $STATE/mmdebstrap.log)"; }
}

# Skips a base image whose inputs did not change and that the registry and podman still have.
# usage: if fresh NAME HASH; then …skip…; fi ; … build … ; remember NAME HASH
fresh() {
  [[ "${TRM_IMAGES_FORCE:-}" != true && -f "$STATE/$1.hash" && "$(cat "$STATE/$1.hash")" == "$2" ]] \
    && in_registry "trm/${1%%:*}" "${1##*:}" && podman image exists "localhost/trm/$1"
}
remember() { echo "$2" >"$STATE/$1.hash"; }
# The inputs of an image: the recipe (the text of its build function and of debootstrap_to, the slimming options, the
# suite and mirror) and the files given; an unrelated edit of this script does not rebuild it.
inputs_hash() { # FUNCTION [FILES...]
  local fn="$1"; shift
  { declare -f "$fn" debootstrap_to; echo "${DPKG_SLIM[*]} $SUITE $MIRROR"; cat "$@" 2>/dev/null; } | sha256sum | cut -c1-16
}

# The .NET runtime the apps run on: the newest 10.0 Microsoft.NETCore.App and Microsoft.AspNetCore.App of this machine's
# SDK install (the apps target net10.0; both must be the same patch so that the shared frameworks match).
runtime_version() {
  local core aspnet
  core="$(dotnet --list-runtimes | awk '$1 == "Microsoft.NETCore.App" && $2 ~ /^10\.0\./ {print $2}' | sort -V | tail -n1)"
  aspnet="$(dotnet --list-runtimes | awk '$1 == "Microsoft.AspNetCore.App" && $2 ~ /^10\.0\./ {print $2}' | sort -V | tail -n1)"
  [[ -n "$core" && "$core" == "$aspnet" ]] || die "need Microsoft.NETCore.App and Microsoft.AspNetCore.App 10.0.x of the same version (dotnet --list-runtimes: '$core' / '$aspnet')"
  echo "$core"
}

build_base() {
  local hash; hash="$(inputs_hash build_base)"
  if fresh base:bookworm "$hash"; then progress "trm/base:bookworm is up to date"; return; fi
  progress "trm/base:bookworm: mmdebstrap $SUITE (essential + ca-certificates libssl3 libstdc++6 zlib1g tzdata busybox)"
  # busybox was meant for the health checks (`busybox wget`), but its wget crashes (SIGSEGV) in this root filesystem: the
  # compose health checks use bash's /dev/tcp instead (deploy/compose/node.yml). It is kept only to avoid rebuilding every
  # image for 1 MB; drop it from the list at the next change of the base.
  debootstrap_to "$STATE/base.tar" ca-certificates,libssl3,libstdc++6,zlib1g,tzdata,busybox \
    --customize-hook='echo "app:x:1654:1654:app:/home/app:/usr/sbin/nologin" >>"$1/etc/passwd"; echo "app:x:1654:" >>"$1/etc/group"; echo "app:!:19000::::::" >>"$1/etc/shadow"; install -d -o 1654 -g 1654 -m 700 "$1/home/app"'
  # (podman import: one variable per ENV change — "ENV A=1 B=2" would set A to "1 B=2")
  podman import -q --change 'CMD ["/bin/sh"]' --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    "$STATE/base.tar" localhost/trm/base:bookworm >/dev/null
  rm -f "$STATE/base.tar"
  push localhost/trm/base:bookworm trm/base:bookworm
  remember base:bookworm "$hash"
}

build_aspnet() {
  local version hash dotnet_root ctx
  version="$(runtime_version)"
  dotnet_root="$(dirname "$(readlink -f "$(command -v dotnet)")")"
  hash="$(inputs_hash build_aspnet <(echo "$version") "$STATE/base:bookworm.hash")"
  if fresh aspnet:10.0 "$hash"; then progress "trm/aspnet:10.0 (runtime $version) is up to date"; return; fi
  progress "trm/aspnet:10.0: trm/base + the ASP.NET Core runtime $version from $dotnet_root"
  ctx="$STATE/aspnet-context"; rm -rf "$ctx"; mkdir -p "$ctx/rootfs/usr/share/dotnet/shared" "$ctx/rootfs/usr/share/dotnet/host/fxr" "$ctx/rootfs/usr/bin"
  cp -a "$dotnet_root/dotnet" "$dotnet_root/LICENSE.txt" "$dotnet_root/ThirdPartyNotices.txt" "$ctx/rootfs/usr/share/dotnet/" 2>/dev/null || cp -a "$dotnet_root/dotnet" "$ctx/rootfs/usr/share/dotnet/"
  cp -a "$dotnet_root/host/fxr/$version" "$ctx/rootfs/usr/share/dotnet/host/fxr/"
  for fw in Microsoft.NETCore.App Microsoft.AspNetCore.App; do
    mkdir -p "$ctx/rootfs/usr/share/dotnet/shared/$fw"; cp -a "$dotnet_root/shared/$fw/$version" "$ctx/rootfs/usr/share/dotnet/shared/$fw/"
  done
  ln -s ../share/dotnet/dotnet "$ctx/rootfs/usr/bin/dotnet"
  chown -R 0:0 "$ctx/rootfs"
  cat >"$ctx/Containerfile" <<EOF
FROM localhost/trm/base:bookworm
COPY rootfs/ /
ENV DOTNET_ROOT=/usr/share/dotnet DOTNET_VERSION=$version ASPNET_VERSION=$version APP_UID=1654 \\
    ASPNETCORE_HTTP_PORTS=8080 DOTNET_RUNNING_IN_CONTAINER=true DOTNET_CLI_TELEMETRY_OPTOUT=1
LABEL org.opencontainers.image.title="trm/aspnet" \\
      org.opencontainers.image.description="Debian 12 with the ASP.NET Core $version shared runtime (built by deploy/images/build-images.sh)" \\
      org.opencontainers.image.version="$version"
USER 1654
WORKDIR /app
EOF
  podman build -q --format docker -t localhost/trm/aspnet:10.0 "$ctx" >/dev/null
  rm -rf "$ctx"
  push localhost/trm/aspnet:10.0 trm/aspnet:10.0
  remember aspnet:10.0 "$hash"
}

# The infrastructure of a node from Debian packages as well (the official postgres/rabbitmq/prometheus images need Docker Hub).
build_postgres() {
  local hash; hash="$(inputs_hash build_postgres "$HERE"/postgres/*)"
  if fresh postgres:15 "$hash"; then progress "trm/postgres:15 is up to date"; return; fi
  progress "trm/postgres:15: mmdebstrap $SUITE + postgresql-15"
  debootstrap_to "$STATE/postgres.tar" postgresql-15,busybox \
    --essential-hook='mkdir -p "$1/etc/postgresql-common/createcluster.d"; echo "create_main_cluster = false" >"$1/etc/postgresql-common/createcluster.d/trm.conf"' \
    --customize-hook="copy-in '$HERE/postgres/entrypoint.sh' /usr/local/bin" \
    --customize-hook='chmod 755 "$1/usr/local/bin/entrypoint.sh"; install -d -m 700 "$1/var/lib/postgresql/data"; install -d "$1/docker-entrypoint-initdb.d"; chroot "$1" chown -R postgres:postgres /var/lib/postgresql /var/run/postgresql'
  podman import -q --change 'USER postgres' --change 'ENTRYPOINT ["/usr/local/bin/entrypoint.sh"]' --change 'CMD []' \
    --change 'ENV PATH=/usr/lib/postgresql/15/bin:/usr/sbin:/usr/bin:/sbin:/bin' --change 'ENV PGDATA=/var/lib/postgresql/data' \
    --change 'EXPOSE 5432' --change 'VOLUME /var/lib/postgresql/data' \
    "$STATE/postgres.tar" localhost/trm/postgres:15 >/dev/null
  rm -f "$STATE/postgres.tar"
  push localhost/trm/postgres:15 trm/postgres:15
  remember postgres:15 "$hash"
}

build_rabbitmq() {
  local hash; hash="$(inputs_hash build_rabbitmq "$HERE"/rabbitmq/*)"
  if fresh rabbitmq:3.10 "$hash"; then progress "trm/rabbitmq:3.10 is up to date"; return; fi
  progress "trm/rabbitmq:3.10: mmdebstrap $SUITE + rabbitmq-server (management, prometheus, shovel, federation plugins)"
  debootstrap_to "$STATE/rabbitmq.tar" rabbitmq-server,busybox \
    --customize-hook='mkdir -p "$1/usr/local/lib/trm-rabbitmq"' \
    --customize-hook="copy-in '$HERE/rabbitmq/entrypoint.sh' '$HERE/rabbitmq/rabbitmq.conf' /usr/local/lib/trm-rabbitmq" \
    --customize-hook='chmod 755 "$1/usr/local/lib/trm-rabbitmq/entrypoint.sh"; chroot "$1" chown -R rabbitmq:rabbitmq /var/lib/rabbitmq /var/log/rabbitmq; echo "[rabbitmq_management,rabbitmq_prometheus,rabbitmq_shovel,rabbitmq_shovel_management,rabbitmq_federation,rabbitmq_federation_management]." >"$1/etc/rabbitmq/enabled_plugins"'
  podman import -q --change 'USER rabbitmq' --change 'ENTRYPOINT ["/usr/local/lib/trm-rabbitmq/entrypoint.sh"]' --change 'CMD []' \
    --change 'ENV PATH=/usr/lib/rabbitmq/bin:/usr/sbin:/usr/bin:/sbin:/bin' --change 'ENV HOME=/var/lib/rabbitmq' \
    --change 'ENV RABBITMQ_CONFIG_FILE=/usr/local/lib/trm-rabbitmq/rabbitmq.conf' --change 'ENV RABBITMQ_ENABLED_PLUGINS_FILE=/etc/rabbitmq/enabled_plugins' \
    --change 'EXPOSE 5672' --change 'EXPOSE 15672' --change 'EXPOSE 15692' --change 'VOLUME /var/lib/rabbitmq' \
    "$STATE/rabbitmq.tar" localhost/trm/rabbitmq:3.10 >/dev/null
  rm -f "$STATE/rabbitmq.tar"
  push localhost/trm/rabbitmq:3.10 trm/rabbitmq:3.10
  remember rabbitmq:3.10 "$hash"
}

build_prometheus() {
  local hash; hash="$(inputs_hash build_prometheus)"
  if fresh prometheus:2.42 "$hash"; then progress "trm/prometheus:2.42 is up to date"; return; fi
  progress "trm/prometheus:2.42: mmdebstrap $SUITE + prometheus"
  debootstrap_to "$STATE/prometheus.tar" prometheus,busybox --customize-hook='chroot "$1" chown -R prometheus:prometheus /var/lib/prometheus'
  podman import -q --change 'USER prometheus' --change 'WORKDIR /var/lib/prometheus' \
    --change 'ENTRYPOINT ["/usr/bin/prometheus"]' \
    --change 'CMD ["--config.file=/etc/prometheus/prometheus.yml", "--storage.tsdb.path=/var/lib/prometheus/metrics2", "--web.listen-address=:9090"]' \
    --change 'EXPOSE 9090' --change 'VOLUME /var/lib/prometheus' \
    "$STATE/prometheus.tar" localhost/trm/prometheus:2.42 >/dev/null
  rm -f "$STATE/prometheus.tar"
  push localhost/trm/prometheus:2.42 trm/prometheus:2.42
  remember prometheus:2.42 "$hash"
}

# ---- the apps ---------------------------------------------------------------------------------------------------------

build_apps() {
  local tag revision source official=()
  revision="$(git -C "$REPO_ROOT" rev-parse HEAD 2>/dev/null || echo unknown)"
  tag="$(git -C "$REPO_ROOT" describe --tags --always --dirty 2>/dev/null || echo unknown)"
  tag="${tag//[^A-Za-z0-9_.-]/-}"
  source="$(git -C "$REPO_ROOT" config --get remote.origin.url 2>/dev/null || true)"
  [[ "${TRM_OFFICIAL_BASE:-}" == true ]] && official=(-p:TrmOfficialBaseImage=true)
  for entry in "${APPS[@]}"; do
    local name="${entry%% *}" project="${entry#* }"
    progress "trm/$name:$tag: dotnet publish /t:PublishContainer ($project)"
    dotnet publish "$REPO_ROOT/$project" -c "$CONFIGURATION" -v q -nologo /t:PublishContainer \
      -p:TrmContainerPublish=true -p:TrmPushToRegistry=true -p:TrmRegistry="$REGISTRY" "${official[@]}" \
      -p:TrmImageTag="$tag" -p:TrmImageRevision="$revision" -p:TrmImageSource="$source" \
      -p:TrmImageLicenses="${TRM_IMAGE_LICENSES:-NOASSERTION}" \
      >"$STATE/publish-$name.log" 2>&1 || { tail -30 "$STATE/publish-$name.log" >&2; die "publishing $name failed (log: $STATE/publish-$name.log)"; }
    podman pull -q --tls-verify=false "$REGISTRY/trm/$name:$tag" >/dev/null
    podman tag "$REGISTRY/trm/$name:$tag" "localhost/trm/$name:dev" "localhost/trm/$name:$tag"
  done
  echo "$tag" >"$STATE/app-tag"
}

sizes() {
  progress "images (podman; the six apps share the trm/aspnet:10.0 layers):"
  podman images --format '{{.Repository}}:{{.Tag}}\t{{.Size}}' | grep -E '^localhost/trm/' | sort | sed 's/^/    /' >&2
  local app_layer
  for entry in "${APPS[@]}"; do
    local name="${entry%% *}"
    app_layer="$(podman history --format '{{.Size}}' "localhost/trm/$name:dev" | awk 'NR == 1')"
    printf '    trm/%-15s own layer %s\n' "$name" "$app_layer" >&2
  done
}

[[ "${BASH_SOURCE[0]}" == "$0" ]] || return 0   # sourced: the functions only

case "${1:-all}" in
  registry-up) install_tools; registry_up ;;
  registry-down) registry_down ;;
  all)
    mkdir -p "$STATE"
    install_tools
    registry_up
    build_base
    build_aspnet
    build_postgres
    build_rabbitmq
    build_prometheus
    build_apps
    sizes
    progress "done: localhost/trm/<name>:dev in podman, $REGISTRY/trm/<name> in the registry"
    ;;
  *) echo "usage: $0 [all|registry-up|registry-down]" >&2; exit 2 ;;
esac
