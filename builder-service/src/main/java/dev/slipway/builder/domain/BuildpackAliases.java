package dev.slipway.builder.domain;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The names and URLs by which Heroku users know the buildpacks that Slipway has built in: the
 * registry names the CLI accepts ({@code heroku/nodejs}), the registry's blob URLs it stores for
 * them, the older codon URLs, and the GitHub repositories. Each means the built-in buildpack,
 * so an app moved from Heroku builds here without reaching the internet.
 */
public final class BuildpackAliases {
    /** Where Heroku's buildpack registry keeps a buildpack; what the CLI stores for {@code heroku/nodejs}. */
    public static final String REGISTRY_BLOB = "https://buildpack-registry.s3.amazonaws.com/buildpacks/%s.tgz";

    private static final Pattern NAME = Pattern.compile("^(?:heroku|heroku-community)/(nodejs|procfile)$");
    private static final Pattern URL = Pattern.compile(
            "^https://(?:buildpack-registry\\.s3\\.amazonaws\\.com/buildpacks/(?:heroku|heroku-community)/"
                    + "|codon-buildpacks\\.s3\\.amazonaws\\.com/buildpacks/heroku/)(nodejs|procfile)\\.tgz$"
                    + "|^https://github\\.com/heroku/heroku-buildpack-(nodejs|procfile)(?:\\.git)?/?$");

    private BuildpackAliases() {}

    /** The built-in buildpack ({@code nodejs}, {@code procfile}) that {@code entry} names, if any. */
    public static Optional<String> builtin(String entry) {
        Matcher name = NAME.matcher(entry);
        if (name.matches()) {
            return Optional.of(name.group(1));
        }
        Matcher url = URL.matcher(entry);
        if (url.matches()) {
            return Optional.of(url.group(1) != null ? url.group(1) : url.group(2));
        }
        return Optional.empty();
    }
}
