package dev.slipway.router.domain;

/** Where the API host sends a path: one of the services, or nowhere. */
public enum ApiTarget {
    CONFIG_SERVICE("config-service"),
    GIT_GATEWAY("git-gateway"),
    BUILDER_SERVICE("builder-service"),
    RELEASE_SERVICE("release-service"),
    DYNO_MANAGER("dyno-manager"),
    ADDON_SERVICE("addon-service"),
    /** Paths under /internal/ and anything the platform does not serve. */
    NOT_FOUND("none");

    private final String serviceName;

    ApiTarget(String serviceName) {
        this.serviceName = serviceName;
    }

    public String serviceName() {
        return serviceName;
    }
}
