package dev.slipway.dyno.runtime;

import dev.slipway.dyno.domain.AppRelease;
import dev.slipway.dyno.domain.DynoSpec;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** What a dyno's process sees of the platform: Heroku's variables, the app's config vars, nothing else. */
final class DynoEnvironment {
    /**
     * Heroku's dyno start: profile scripts first, then bash runs the command (given as {@code $1},
     * so it never travels in the dyno's environment) in place of this shell, so signals reach it.
     */
    static final String BOOT = "cd \"$HOME\"; for f in .profile.d/*.sh; do [ -r \"$f\" ] && . \"$f\"; done; "
            + "[ -r .profile ] && . ./.profile; exec /bin/bash -c \"$1\"";

    /**
     * The dyno's memory quota in MB, so that a buildpack's {@code .profile.d} script can size the
     * runtime to it (the JVM's heap in {@code JAVA_TOOL_OPTIONS}, Node's {@code WEB_CONCURRENCY}),
     * as Heroku's read their dyno's cgroup.
     */
    static final String MEMORY_MB = "SLIPWAY_DYNO_MEMORY_MB";

    private DynoEnvironment() {}

    /** The dyno's argv: bash runs {@link #BOOT} with the command as its argument. */
    static List<String> command(DynoSpec spec) {
        return List.of("/bin/bash", "-c", BOOT, "dyno", spec.command());
    }

    /**
     * Never the platform's own variables (database password, API keys): only what a dyno gets.
     * {@code path} and {@code home} differ between a sandbox ({@code /app}) and a plain process.
     */
    static Map<String, String> of(DynoSpec spec, String path, String home, int port) {
        AppRelease release = spec.release();
        Map<String, String> env = new HashMap<>();
        env.put("PATH", path);
        env.put("LANG", System.getenv().getOrDefault("LANG", "en_US.UTF-8"));
        env.putAll(release.configVars());
        env.putAll(spec.extraEnv());
        env.put("PORT", Integer.toString(port));
        env.put(MEMORY_MB, Long.toString(spec.size().memoryQuotaBytes() / (1024 * 1024)));
        env.put("DYNO", spec.name());
        env.put("PS", spec.name());
        env.put("HOME", home);
        env.put("HEROKU_APP_ID", release.appId().toString());
        env.put("HEROKU_APP_NAME", release.appName());
        env.put("HEROKU_DYNO_ID", spec.dynoId().toString());
        env.put("HEROKU_RELEASE_VERSION", "v" + release.version());
        env.put("HEROKU_RELEASE_CREATED_AT", release.createdAt().toString());
        env.put("HEROKU_SLUG_COMMIT", release.commit() == null ? "" : release.commit());
        return env;
    }
}
