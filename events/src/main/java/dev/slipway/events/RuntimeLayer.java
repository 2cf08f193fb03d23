package dev.slipway.events;

/**
 * A read-only runtime (Node.js, a JDK ...) that a slug runs with but does not carry: stored once
 * by the builder, fetched once per host, and shown to every dyno of the release at {@code mount}.
 * {@code id} is the sha256 (hex) of the layer's tar, computed by the builder from the tree the
 * buildpack made; {@code url} is where the builder serves it (internal network only); {@code mount}
 * is an absolute path under {@code /app} (e.g. {@code /app/.heroku/node}).
 */
public record RuntimeLayer(String id, String url, String mount) {}
