# shellcheck shell=bash
# Percent-encoding for the AMQP and HTTP URIs the deploy scripts build (sourced by deploy/local/infra.sh and
# deploy/rabbitmq/crossborder.sh; one copy, so a user or vhost name with a reserved character is encoded alike).

url_encode() { # TEXT -> percent-encoded (RFC 3986 unreserved characters kept)
  local s="$1" out="" c i
  for ((i = 0; i < ${#s}; i++)); do
    c="${s:i:1}"
    case "$c" in [A-Za-z0-9._~-]) out+="$c" ;; *) out+="$(printf '%%%02X' "'$c")" ;; esac
  done
  printf '%s' "$out"
}

url_decode() { local s="${1//+/ }"; printf '%b' "${s//%/\\x}"; }
