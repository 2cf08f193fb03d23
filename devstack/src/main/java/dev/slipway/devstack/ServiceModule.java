package dev.slipway.devstack;

import java.nio.file.Path;

/** The seven services as docs/CONVENTIONS.md names them: module, schema, role and the variables about them. */
public enum ServiceModule {
    CONFIG_SERVICE("config-service", "config", "SLIPWAY_CONFIG_SERVICE_URL"),
    GIT_GATEWAY("git-gateway", "git", "SLIPWAY_GIT_GATEWAY_URL"),
    BUILDER_SERVICE("builder-service", "builder", "SLIPWAY_BUILDER_SERVICE_URL"),
    RELEASE_SERVICE("release-service", "release", "SLIPWAY_RELEASE_SERVICE_URL"),
    DYNO_MANAGER("dyno-manager", "dyno", "SLIPWAY_DYNO_MANAGER_URL"),
    ADDON_SERVICE("addon-service", "addon", "SLIPWAY_ADDON_SERVICE_URL"),
    ROUTER("router", "router", null);

    private final String module;
    private final String schema;
    private final String urlVariable;

    ServiceModule(String module, String schema, String urlVariable) {
        this.module = module;
        this.schema = schema;
        this.urlVariable = urlVariable;
    }

    /** The Maven module's directory name, e.g. {@code release-service}. */
    public String module() {
        return module;
    }

    public String schema() {
        return schema;
    }

    public String role() {
        return "slipway_" + schema;
    }

    /** The variable that carries this service's internal URL to the others; null for the router. */
    public String urlVariable() {
        return urlVariable;
    }

    /** The launcher's variable that fixes this service's internal port, e.g. {@code SLIPWAY_RELEASE_SERVICE_PORT}. */
    public String portVariable() {
        return "SLIPWAY_" + name() + "_PORT";
    }

    public Path jar(Path repository) {
        return repository.resolve(module).resolve("target/quarkus-app/quarkus-run.jar");
    }

    /** The service whose schema this is, e.g. {@code release} → RELEASE_SERVICE. */
    public static ServiceModule bySchema(String schema) {
        for (ServiceModule service : values()) {
            if (service.schema.equals(schema)) {
                return service;
            }
        }
        throw new IllegalArgumentException("no service module with schema " + schema);
    }

    public static ServiceModule byModule(String module) {
        for (ServiceModule service : values()) {
            if (service.module.equals(module)) {
                return service;
            }
        }
        throw new IllegalArgumentException("no service module named " + module);
    }
}
