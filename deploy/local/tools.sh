#!/usr/bin/env bash
# Tools the tests need beyond PostgreSQL and RabbitMQ, from Debian's packages (idempotent; skipped in well under a
# second when already installed):
#   promtool  (package prometheus)  checks deploy/prometheus/ (config and alert rules)
#   chromium  (package chromium)    the ops page's browser test (Playwright for .NET drives /usr/bin/chromium; no browser download)
#   jq, curl  (packages jq, curl)   deploy/local/walkthrough.sh, which WalkthroughScriptTests runs against a node
#   aiosmtpd  (package python3-aiosmtpd) the real SMTP server the notification tests start (tests/Testing/SmtpTestServer.cs)
#
#   deploy/local/tools.sh            install what is missing (Debian/Ubuntu as root), say what is there otherwise
set -euo pipefail

log() { printf '[tools] %s\n' "$*" >&2; }

missing=()
command -v promtool >/dev/null 2>&1 || missing+=(prometheus)
[[ -x /usr/bin/chromium ]] || missing+=(chromium)
command -v jq >/dev/null 2>&1 || missing+=(jq)
command -v curl >/dev/null 2>&1 || missing+=(curl)
/usr/bin/python3 -c 'import aiosmtpd' >/dev/null 2>&1 || missing+=(python3-aiosmtpd)

if [[ ${#missing[@]} -eq 0 ]]; then
  log "promtool, chromium, jq, curl and aiosmtpd present"
  exit 0
fi

if [[ $(id -u) -ne 0 || ! -x /usr/bin/apt-get ]]; then
  log "missing ${missing[*]} and this is not a Debian/Ubuntu machine running as root: the tests that need them will fail saying so"
  exit 0
fi

export DEBIAN_FRONTEND=noninteractive
log "installing ${missing[*]} (apt)…"
start=$SECONDS
log_file=$(mktemp)
apt-get -qq -o DPkg::Lock::Timeout=300 update >"$log_file" 2>&1 || { tail -n 30 "$log_file" >&2; exit 1; }
# --no-install-recommends: promtool only, not a node exporter; the packages' services are not started (no systemd here,
# and policy-rc.d where present) — nothing listens because of this script.
apt-get -qq -y -o DPkg::Lock::Timeout=300 -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold \
  --no-install-recommends install "${missing[@]}" </dev/null >"$log_file" 2>&1 || { tail -n 30 "$log_file" >&2; exit 1; }
rm -f "$log_file"
log "installed ${missing[*]} ($((SECONDS - start)) s)"
