#!/usr/bin/env bash
# RabbitMQ definitions for one national node's cross-border exchange (load them with the management API:
# POST /api/definitions, or rabbitmqctl import_definitions). One generator, so the checked-in files, the build and
# the tests use the same topology and permissions.
#
#   deploy/rabbitmq/crossborder.sh definitions NODE VHOST PREFIX PARTNER...
#     NODE     this node's jurisdiction (ISO 3166-1 alpha-2, e.g. AT)
#     VHOST    this node's virtual host
#     PREFIX   prefix of the RabbitMQ users created for this node (users are broker-wide, so two nodes on one
#              broker need different prefixes): PREFIX-node, PREFIX-partner-<iso>
#     PARTNER  ISO,PARTNER_PREFIX,AMQP_URI_OF_THE_PARTNER_NODE_VHOST (no credentials), e.g.
#              NG,trm-ng,amqp://127.0.0.1:55672/trm-ng ; a partner without this software: ISO,,  (no shovel: it reads
#              its queue itself)
#
# On this node's vhost:
#   crossborder.out           direct exchange, routing key = destination ISO; the only way out (the node's sender)
#   crossborder.for.<ISO>     quorum queue bound to crossborder.out with key <ISO>: messages waiting for that partner
#   crossborder.in.<ISO>      fanout exchange where partner <ISO>'s messages arrive, bound to crossborder.route
#   crossborder.route         headers exchange: header trm-purpose (the request's purpose; routing only, not signed)
#                             to the inbox of the service taking it (ROUTES below = CrossBorderTopology.Routes; no
#                             x- prefix: a headers exchange ignores x- headers unless x-match is *-with-x);
#                             alternate exchange crossborder.unrouted (fanout) -> crossborder.inbox for anything else
#   crossborder.inbox         quorum queue of the node's default receiver (Return's)
#   crossborder.inbox.<svc>   quorum queue of a service's receiver (identification: identification assistance;
#                             remedies: compensation; judicial: every form of judicial cooperation; protection: protection
#                             continuity and witness relocation)
#   crossborder.inbox_error   exchange + quorum queue of rejected messages (unsigned, forged, replayed, …)
#   shovel crossborder-to-<ISO>: crossborder.for.<ISO> -> the partner's crossborder.in.<NODE>, on the partner's broker
#                              as the user the partner created for us (PARTNER_PREFIX-partner-<node>)
# Policies (a partner cannot fill the node's disk; policies also apply to queues declared before them):
#   crossborder-inbox-limits  crossborder.inbox[.<svc>]: at most CROSSBORDER_INBOX_MAX_LENGTH messages (10000) and
#                             CROSSBORDER_INBOX_MAX_BYTES bytes (64 MiB), overflow reject-publish: a flooding partner's
#                             publishes are nacked (publisher confirms) instead of growing the queue
#   crossborder-error-limits  crossborder.inbox_error: the same limits, overflow drop-head (the newest rejections are
#                             kept and the node's receiver is never blocked writing one)
#   crossborder-outbound-limits crossborder.for.<ISO>: CROSSBORDER_OUTBOUND_MAX_LENGTH (100000) and
#                             CROSSBORDER_OUTBOUND_MAX_BYTES (256 MiB), reject-publish: a partner that stops reading
#                             makes this node's sends fail (and retry) instead of filling its disk
# Users (anchored regexes; RabbitMQ matches an unanchored one anywhere in a name):
#   PREFIX-node           configure nothing; write crossborder.out and crossborder.inbox_error; read crossborder.inbox[.<svc>]
#   PREFIX-partner-<iso>  configure nothing; write only crossborder.in.<ISO>; read only crossborder.for.<ISO>
#
# EVERY PASSWORD HERE IS A DEVELOPMENT DEFAULT (<user>-dev-password) for loopback-only throwaway brokers: a real
# deployment loads its own passwords (and amqps:// URIs) instead.
set -euo pipefail

die() { printf '[crossborder] ERROR: %s\n' "$*" >&2; exit 1; }
json() { local t="${1//\\/\\\\}"; printf '"%s"' "${t//\"/\\\"}"; }
password() { printf '%s-dev-password' "$1"; }   # DEVELOPMENT DEFAULT
# url_encode
# shellcheck source=../lib/url.sh
. "$(dirname "${BASH_SOURCE[0]}")/../lib/url.sh"
# service:purpose,... — the same table as CrossBorderTopology.Routes (a test compares them)
ROUTES=(identification:identification-assistance remedies:compensation judicial:mutual-legal-assistance,extradition,joint-investigation,transfer-of-proceedings,police-cooperation,spontaneous-information,proceeds-return protection:protection-continuity,witness-relocation)

INBOX_MAX_LENGTH="${CROSSBORDER_INBOX_MAX_LENGTH:-10000}"
INBOX_MAX_BYTES="${CROSSBORDER_INBOX_MAX_BYTES:-67108864}"
OUTBOUND_MAX_LENGTH="${CROSSBORDER_OUTBOUND_MAX_LENGTH:-100000}"
OUTBOUND_MAX_BYTES="${CROSSBORDER_OUTBOUND_MAX_BYTES:-268435456}"
for n in "$INBOX_MAX_LENGTH" "$INBOX_MAX_BYTES" "$OUTBOUND_MAX_LENGTH" "$OUTBOUND_MAX_BYTES"; do
  [[ $n =~ ^[1-9][0-9]*$ ]] || { printf '[crossborder] ERROR: queue limit %s is not a positive integer\n' "$n" >&2; exit 1; }
done

lower() { printf '%s' "$1" | tr '[:upper:]' '[:lower:]'; }
iso() { [[ $1 =~ ^[A-Z]{2}$ ]] || die "'$1' is not an ISO 3166-1 alpha-2 code in capitals"; }

definitions() {
  (($# >= 4)) || die "usage: $0 definitions NODE VHOST PREFIX PARTNER..."
  local node="$1" vhost="$2" prefix="$3"; shift 3
  iso "$node"
  local v; v="$(json "$vhost")"
  local quorum='"arguments": {"x-queue-type": "quorum"}'
  local users=() permissions=() exchanges=() queues=() bindings=() parameters=() policies=()
  local node_user="$prefix-node"

  users+=("{\"name\": $(json "$node_user"), \"password\": $(json "$(password "$node_user")"), \"tags\": \"\"}")
  permissions+=("{\"user\": $(json "$node_user"), \"vhost\": $v, \"configure\": \"^\$\", \"write\": $(json '^(crossborder\.out|crossborder\.inbox_error)$'), \"read\": $(json '^crossborder\.inbox(\.[a-z]+)?$')}")
  exchanges+=("{\"name\": \"crossborder.out\", \"vhost\": $v, \"type\": \"direct\", \"durable\": true, \"auto_delete\": false, \"internal\": false, \"arguments\": {}}")
  exchanges+=("{\"name\": \"crossborder.inbox_error\", \"vhost\": $v, \"type\": \"fanout\", \"durable\": true, \"auto_delete\": false, \"internal\": false, \"arguments\": {}}")
  queues+=("{\"name\": \"crossborder.inbox\", \"vhost\": $v, \"durable\": true, \"auto_delete\": false, $quorum}")
  exchanges+=("{\"name\": \"crossborder.unrouted\", \"vhost\": $v, \"type\": \"fanout\", \"durable\": true, \"auto_delete\": false, \"internal\": false, \"arguments\": {}}")
  bindings+=("{\"source\": \"crossborder.unrouted\", \"vhost\": $v, \"destination\": \"crossborder.inbox\", \"destination_type\": \"queue\", \"routing_key\": \"\", \"arguments\": {}}")
  exchanges+=("{\"name\": \"crossborder.route\", \"vhost\": $v, \"type\": \"headers\", \"durable\": true, \"auto_delete\": false, \"internal\": false, \"arguments\": {\"alternate-exchange\": \"crossborder.unrouted\"}}")
  local route service purposes purpose
  for route in "${ROUTES[@]}"; do
    service="${route%%:*}"; purposes="${route#*:}"
    queues+=("{\"name\": \"crossborder.inbox.$service\", \"vhost\": $v, \"durable\": true, \"auto_delete\": false, $quorum}")
    for purpose in ${purposes//,/ }; do
      bindings+=("{\"source\": \"crossborder.route\", \"vhost\": $v, \"destination\": \"crossborder.inbox.$service\", \"destination_type\": \"queue\", \"routing_key\": \"\", \"arguments\": {\"x-match\": \"all\", \"trm-purpose\": \"$purpose\"}}")
    done
  done
  queues+=("{\"name\": \"crossborder.inbox_error\", \"vhost\": $v, \"durable\": true, \"auto_delete\": false, $quorum}")
  bindings+=("{\"source\": \"crossborder.inbox_error\", \"vhost\": $v, \"destination\": \"crossborder.inbox_error\", \"destination_type\": \"queue\", \"routing_key\": \"\", \"arguments\": {}}")

  policies+=("{\"vhost\": $v, \"name\": \"crossborder-inbox-limits\", \"pattern\": $(json '^crossborder\.inbox(\.[a-z]+)?$'), \"apply-to\": \"queues\", \"priority\": 10, \"definition\": {\"max-length\": $INBOX_MAX_LENGTH, \"max-length-bytes\": $INBOX_MAX_BYTES, \"overflow\": \"reject-publish\"}}")
  policies+=("{\"vhost\": $v, \"name\": \"crossborder-error-limits\", \"pattern\": $(json '^crossborder\.inbox_error$'), \"apply-to\": \"queues\", \"priority\": 10, \"definition\": {\"max-length\": $INBOX_MAX_LENGTH, \"max-length-bytes\": $INBOX_MAX_BYTES, \"overflow\": \"drop-head\"}}")
  policies+=("{\"vhost\": $v, \"name\": \"crossborder-outbound-limits\", \"pattern\": $(json '^crossborder\.for\.[A-Z]{2}$'), \"apply-to\": \"queues\", \"priority\": 10, \"definition\": {\"max-length\": $OUTBOUND_MAX_LENGTH, \"max-length-bytes\": $OUTBOUND_MAX_BYTES, \"overflow\": \"reject-publish\"}}")

  local spec p partner_prefix partner_uri user
  for spec in "$@"; do
    IFS=, read -r p partner_prefix partner_uri <<<"$spec"
    iso "$p"
    user="$prefix-partner-$(lower "$p")"
    users+=("{\"name\": $(json "$user"), \"password\": $(json "$(password "$user")"), \"tags\": \"\"}")
    permissions+=("{\"user\": $(json "$user"), \"vhost\": $v, \"configure\": \"^\$\", \"write\": $(json "^crossborder\\.in\\.$p\$"), \"read\": $(json "^crossborder\\.for\\.$p\$")}")
    queues+=("{\"name\": \"crossborder.for.$p\", \"vhost\": $v, \"durable\": true, \"auto_delete\": false, $quorum}")
    bindings+=("{\"source\": \"crossborder.out\", \"vhost\": $v, \"destination\": \"crossborder.for.$p\", \"destination_type\": \"queue\", \"routing_key\": \"$p\", \"arguments\": {}}")
    exchanges+=("{\"name\": \"crossborder.in.$p\", \"vhost\": $v, \"type\": \"fanout\", \"durable\": true, \"auto_delete\": false, \"internal\": false, \"arguments\": {}}")
    bindings+=("{\"source\": \"crossborder.in.$p\", \"vhost\": $v, \"destination\": \"crossborder.route\", \"destination_type\": \"exchange\", \"routing_key\": \"\", \"arguments\": {}}")
    if [[ -n $partner_uri ]]; then
      [[ $partner_uri =~ ^(amqps?)://([^/@]+)/(.*)$ ]] || die "partner URI '$partner_uri' must be amqp[s]://host:port/vhost (no credentials)"
      local remote_user="$partner_prefix-partner-$(lower "$node")"
      local dest="${BASH_REMATCH[1]}://$(url_encode "$remote_user"):$(url_encode "$(password "$remote_user")")@${BASH_REMATCH[2]}/${BASH_REMATCH[3]}"
      parameters+=("{\"component\": \"shovel\", \"vhost\": $v, \"name\": \"crossborder-to-$p\", \"value\": {\"src-protocol\": \"amqp091\", \"src-uri\": $(json "amqp:///$(url_encode "$vhost")"), \"src-queue\": \"crossborder.for.$p\", \"dest-protocol\": \"amqp091\", \"dest-uri\": $(json "$dest"), \"dest-exchange\": \"crossborder.in.$node\", \"ack-mode\": \"on-confirm\", \"src-delete-after\": \"never\", \"reconnect-delay\": 1}}")
    fi
  done

  list() { local IFS=$'\n'; local first=1 item; for item in "$@"; do ((first)) || printf ',\n'; printf '    %s' "$item"; first=0; done; }
  printf '{\n  "_comment": %s,\n' "$(json "Generated by deploy/rabbitmq/crossborder.sh definitions $node $vhost $prefix $*. ALL PASSWORDS ARE DEVELOPMENT DEFAULTS for a loopback-only throwaway broker.")"
  printf '  "vhosts": [{"name": %s}],\n' "$v"
  printf '  "users": [\n'; list "${users[@]}"; printf '\n  ],\n'
  printf '  "permissions": [\n'; list "${permissions[@]}"; printf '\n  ],\n'
  printf '  "exchanges": [\n'; list "${exchanges[@]}"; printf '\n  ],\n'
  printf '  "queues": [\n'; list "${queues[@]}"; printf '\n  ],\n'
  printf '  "bindings": [\n'; list "${bindings[@]}"; printf '\n  ],\n'
  printf '  "policies": [\n'; list "${policies[@]}"; printf '\n  ],\n'
  printf '  "parameters": ['
  if ((${#parameters[@]} > 0)); then printf '\n'; list "${parameters[@]}"; printf '\n  '; fi
  printf ']\n}\n'
}

case "${1:-}" in
  definitions) shift; definitions "$@" ;;
  two-nodes) # the development pair on one broker (./build.sh --target=Up --nodes=2): AT and NG
    port="${2:-55672}"
    case "${3:-}" in
      AT) definitions AT trm-at trm-at "NG,trm-ng,amqp://127.0.0.1:$port/trm-ng" ;;
      NG) definitions NG trm-ng trm-ng "AT,trm-at,amqp://127.0.0.1:$port/trm-at" ;;
      *) die "usage: $0 two-nodes PORT AT|NG" ;;
    esac ;;
  *) echo "usage: $0 definitions NODE VHOST PREFIX PARTNER... | two-nodes PORT AT|NG" >&2; exit 2 ;;
esac
