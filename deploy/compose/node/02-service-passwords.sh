#!/bin/sh
# Run once by trm/postgres's entrypoint after 01-service-databases.sql (deploy/compose/node.yml): that file is the one
# definition of the services' roles and databases (with development passwords); here each role gets its generated password
# from /run/secrets/pg_<role> (deploy/compose/secrets.sh), so no development password is left on the node.
set -eu
for role in trm_identification trm_protection trm_return trm_remedies trm_judicial; do
  password="$(cat "/run/secrets/pg_$role")"
  psql -q -X -v ON_ERROR_STOP=1 -d postgres -v role="$role" -v password="$password" >/dev/null <<'SQL'
ALTER ROLE :"role" PASSWORD :'password';
SQL
done
echo "02-service-passwords.sh: the five service roles have their generated passwords" >&2
