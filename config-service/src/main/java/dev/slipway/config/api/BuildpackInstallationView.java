package dev.slipway.config.api;

/** Heroku's buildpack installation: a registry name is its own name, a URL is named by itself too. */
public record BuildpackInstallationView(int ordinal, Buildpack buildpack) {
    public record Buildpack(String url, String name) {}

    static BuildpackInstallationView of(int ordinal, String buildpack) {
        return new BuildpackInstallationView(ordinal, new Buildpack(buildpack, buildpack));
    }
}
