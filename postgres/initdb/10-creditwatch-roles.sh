#!/usr/bin/env bash
# Run once by the postgres image on a new database (docker-entrypoint-initdb.d): the two roles the
# services log in as, with only the rights they need.
#   creditwatch_app     inference-service: owns the database, so it migrates and writes the store
#   creditwatch_reader  metrics-exporter: connects and reads every table, now and future; writes nothing
# Passwords come from the secret files; one shorter than 16 characters stops the initialisation.
set -euo pipefail
secrets="${CREDITWATCH_SECRETS:-/run/secrets}"
app_role="${CREDITWATCH_APP_ROLE:-creditwatch_app}"
reader_role="${CREDITWATCH_READER_ROLE:-creditwatch_reader}"
app_password=$(cat "$secrets/store_app_password")
reader_password=$(cat "$secrets/store_reader_password")
for password in "$app_password" "$reader_password"; do
    if [ ${#password} -lt 16 ]; then
        echo "creditwatch roles: a store password has ${#password} characters, at least 16 needed" >&2
        exit 1
    fi
done
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
    -v app_role="$app_role" -v app_password="$app_password" \
    -v reader_role="$reader_role" -v reader_password="$reader_password" -v database="$POSTGRES_DB" <<'SQL'
CREATE ROLE :"app_role" LOGIN PASSWORD :'app_password' NOSUPERUSER NOCREATEDB NOCREATEROLE;
CREATE ROLE :"reader_role" LOGIN PASSWORD :'reader_password' NOSUPERUSER NOCREATEDB NOCREATEROLE;
ALTER DATABASE :"database" OWNER TO :"app_role";
REVOKE ALL ON DATABASE :"database" FROM PUBLIC;
GRANT CONNECT ON DATABASE :"database" TO :"reader_role";
GRANT USAGE ON SCHEMA public TO :"reader_role";
ALTER DEFAULT PRIVILEGES FOR ROLE :"app_role" IN SCHEMA public GRANT SELECT ON TABLES TO :"reader_role";
SQL
echo "creditwatch roles: $app_role owns $POSTGRES_DB, $reader_role reads it"
