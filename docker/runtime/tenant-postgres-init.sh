# Sourced by the postgres image's entrypoint on tenant-postgres's first start only (an empty data
# volume). The add-ons' cluster lets in, top down, first match wins:
# - the superuser `postgres` only from addon-service's fixed address (SLIPWAY_ADDON_SERVICE_ADDRESS),
#   with its password, and from nowhere else (a dyno's connection comes from dyno-manager's address);
# - every other role only into the database named like itself (`sameuser`), with its password:
#   addon-service makes one role and one database of the same name per add-on, and revokes CONNECT
#   from PUBLIC, so one add-on's credentials open no other database.
# The local socket stays the image's (the entrypoint's own use during this first start).
cat > "$PGDATA/pg_hba.conf" <<HBA
local   all       all                                           trust
host    all       postgres  ${SLIPWAY_ADDON_SERVICE_ADDRESS}/32 scram-sha-256
host    all       postgres  all                                 reject
host    sameuser  all       all                                 scram-sha-256
HBA
