#!/bin/sh
# For docker-compose.yml: postgres runs this once, when it creates its database
# (/docker-entrypoint-initdb.d), as its superuser. It applies roles.sql with the role names
# compose passes in, then sets their passwords, which roles.sql leaves to the operator.
set -e

: "${FOUR_EYES_OWNER_ROLE:?}" "${FOUR_EYES_APP_ROLE:?}"
: "${FOUR_EYES_OWNER_PASSWORD:?}" "${FOUR_EYES_APP_PASSWORD:?}"

psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
  -v owner_role="$FOUR_EYES_OWNER_ROLE" -v app_role="$FOUR_EYES_APP_ROLE" \
  -f /four-eyes/roles.sql

# On stdin, so psql quotes the passwords (:'…') and they never appear in a process list.
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
  -v owner_role="$FOUR_EYES_OWNER_ROLE" -v app_role="$FOUR_EYES_APP_ROLE" \
  -v owner_password="$FOUR_EYES_OWNER_PASSWORD" -v app_password="$FOUR_EYES_APP_PASSWORD" <<'SQL'
ALTER ROLE :"owner_role" PASSWORD :'owner_password';
ALTER ROLE :"app_role" PASSWORD :'app_password';
SQL
