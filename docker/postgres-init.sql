-- One role per service, owning one schema, with rights on that schema only (docs/CONVENTIONS.md).
-- The devstack launcher does the same for the embedded default.
REVOKE ALL ON SCHEMA public FROM PUBLIC;
CREATE ROLE slipway_config LOGIN PASSWORD 'config';
CREATE ROLE slipway_git LOGIN PASSWORD 'git';
CREATE ROLE slipway_builder LOGIN PASSWORD 'builder';
CREATE ROLE slipway_release LOGIN PASSWORD 'release';
CREATE ROLE slipway_dyno LOGIN PASSWORD 'dyno';
CREATE ROLE slipway_router LOGIN PASSWORD 'router';
CREATE SCHEMA config AUTHORIZATION slipway_config;
CREATE SCHEMA git AUTHORIZATION slipway_git;
CREATE SCHEMA builder AUTHORIZATION slipway_builder;
CREATE SCHEMA release AUTHORIZATION slipway_release;
CREATE SCHEMA dyno AUTHORIZATION slipway_dyno;
CREATE SCHEMA router AUTHORIZATION slipway_router;
ALTER ROLE slipway_config SET search_path = config;
ALTER ROLE slipway_git SET search_path = git;
ALTER ROLE slipway_builder SET search_path = builder;
ALTER ROLE slipway_release SET search_path = release;
ALTER ROLE slipway_dyno SET search_path = dyno;
ALTER ROLE slipway_router SET search_path = router;
