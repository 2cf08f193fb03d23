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

    /** Heroku's names for them; {@code gradle} is the Java buildpack here, as it builds both. */
    private static final String NAMES = "ruby|nodejs|python|java|gradle|scala|php|go|static|procfile";
    private static final Pattern NAME = Pattern.compile("^(?:heroku|heroku-community)/(" + NAMES + ")$");
    private static final Pattern URL = Pattern.compile(
            "^https://(?:buildpack-registry\\.s3\\.amazonaws\\.com/buildpacks/(?:heroku|heroku-community)/"
                    + "|codon-buildpacks\\.s3\\.amazonaws\\.com/buildpacks/heroku/)(" + NAMES + ")\\.tgz$"
                    + "|^https://github\\.com/heroku/heroku-buildpack-(" + NAMES + ")(?:\\.git)?/?$");

    private BuildpackAliases() {}

    /** The built-in buildpack (one of {@code BuiltinBuildpacks.NAMES}) that {@code entry} names, if any. */
    public static Optional<String> builtin(String entry) {
        Matcher name = NAME.matcher(entry);
        if (name.matches()) {
            return Optional.of(canonical(name.group(1)));
        }
        Matcher url = URL.matcher(entry);
        if (url.matches()) {
            return Optional.of(canonical(url.group(1) != null ? url.group(1) : url.group(2)));
        }
        return Optional.empty();
    }

    /** Heroku's names for the buildpacks that Slipway has built in, for messages. */
    public static String known() {
        return "heroku/nodejs, heroku/java (and heroku/gradle), heroku/python, heroku/go, heroku/ruby, heroku/php, "
                + "heroku/scala, heroku/static and heroku/procfile";
    }

    private static String canonical(String name) {
        return name.equals("gradle") ? "java" : name;
    }
}
