#!/bin/sh
# trm/rabbitmq:3.10 (deploy/images/build-images.sh): Debian's RabbitMQ as user rabbitmq, in the foreground. The Erlang cookie
# comes from $RABBITMQ_ERLANG_COOKIE_FILE when given (a secret), else one is generated once into the data volume.
set -eu
COOKIE="$HOME/.erlang.cookie"
if [ -n "${RABBITMQ_ERLANG_COOKIE_FILE:-}" ] && [ -s "$RABBITMQ_ERLANG_COOKIE_FILE" ]; then
  rm -f "$COOKIE"; cat "$RABBITMQ_ERLANG_COOKIE_FILE" >"$COOKIE"; chmod 400 "$COOKIE"
elif [ ! -s "$COOKIE" ]; then
  (umask 077; head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n' >"$COOKIE"); chmod 400 "$COOKIE"
fi
exec /usr/lib/rabbitmq/bin/rabbitmq-server "$@"
