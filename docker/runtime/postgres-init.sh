# Sourced by the postgres image's entrypoint on the first start only (an empty data volume): one
# role per service owning one schema, with rights on that schema only (docs/CONVENTIONS.md), each
# with the password the secrets job made. The devstack launcher does the same for ./slipway.
slipway_psql() {
  psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" "$@"
}

slipway_psql <<<'REVOKE ALL ON SCHEMA public FROM PUBLIC;'
for slipway_pair in config:slipway_config git:slipway_git builder:slipway_builder \
    release:slipway_release dyno:slipway_dyno router:slipway_router addon:slipway_addon; do
  slipway_schema=${slipway_pair%%:*}
  slipway_role=${slipway_pair##*:}
  slipway_psql -v role="$slipway_role" -v schema="$slipway_schema" \
    -v password="$(cat "/run/slipway-secrets/postgres/$slipway_role")" <<'SQL'
CREATE ROLE :"role" LOGIN PASSWORD :'password';
CREATE SCHEMA :"schema" AUTHORIZATION :"role";
ALTER ROLE :"role" SET search_path = :"schema";
SQL
done
unset slipway_pair slipway_schema slipway_role
