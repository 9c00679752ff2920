#!/usr/bin/env bash
# Entry point for every build task (Cake 7, pinned in dotnet-tools.json). Examples:
#   ./build.sh                                   # Build (Release)
#   ./build.sh --target=Test [--filter=...]      # build + local infrastructure + all tests
#   ./build.sh --target=Up                       # run the five services and the gateway (Ctrl-C stops)
#   TOKEN=$(./build.sh --target=Token --role=FocalPoint --jurisdiction=NL | tail -n1)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

export DOTNET_CLI_TELEMETRY_OPTOUT=1
export DOTNET_NOLOGO=1
export DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
# No ANSI colour codes when the output is not a terminal (CI logs, $(...) captures).
if [[ ! -t 1 || ! -t 2 ]]; then export NO_COLOR="${NO_COLOR:-1}"; fi
# CI: no MSBuild worker nodes lingering after the build.
if [[ -n ${CI:-} ]]; then export MSBUILDDISABLENODEREUSE=1; fi

dotnet tool restore >&2

# The Token target must print only the token on stdout: Cake's own output goes to stderr and the task
# writes the token to a file that is printed last.
token=no prev=""
for arg in "$@"; do
  case "${arg,,}" in --target=token|-t=token) token=yes ;; esac
  if [[ ($prev == --target || $prev == -t) && ${arg,,} == token ]]; then token=yes; fi
  prev="$arg"
done

if [[ $token == yes ]]; then
  token_file="$(mktemp)"
  trap 'rm -f "$token_file"' EXIT
  TR_TOKEN_OUT="$token_file" dotnet tool run dotnet-cake build.cake --no-report "$@" >&2
  cat "$token_file"
else
  exec dotnet tool run dotnet-cake build.cake --no-report "$@"
fi
