package dev.slipway.devstack;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Properties;

/**
 * Where a running platform's parts are, written to {@code $SLIPWAY_HOME/run/platform.properties}
 * when it is up, so that {@code ./slipway status} (another JVM) can say where things are.
 */
final class PlatformState {
    private PlatformState() {}

    static Path file(Path home) {
        return home.resolve("run/platform.properties");
    }

    /** Written whole to a temporary file and moved over the old one: status never reads half a file. */
    static synchronized void write(Platform platform) {
        Properties state = new Properties();
        state.setProperty("router.url", platform.routerUrl());
        state.setProperty("api-key.file", platform.apiKeyFile().toString());
        state.setProperty("logs.dir", platform.logsDir().toString());
        state.setProperty("postgres.jdbc-url", platform.postgres().jdbcUrl());
        state.setProperty("kafka.bootstrap-servers", platform.kafka().bootstrapServers());
        for (ServiceModule service : ServiceModule.values()) {
            state.setProperty("service." + service.module() + ".url", platform.serviceUrl(service));
        }
        platform.partStatus().forEach((part, status) -> {
            state.setProperty("part." + part + ".restarts", String.valueOf(status.restarts()));
            state.setProperty("part." + part + ".up-since", status.upSince().toString());
        });
        Path target = file(platform.home());
        Path temporary = target.resolveSibling(target.getFileName() + ".tmp");
        try {
            try (Writer out = Files.newBufferedWriter(temporary)) {
                state.store(out, "written by ./slipway up (again after each restart); removed by ./slipway down");
            }
            Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Properties read(Path home) throws IOException {
        Properties state = new Properties();
        try (Reader in = Files.newBufferedReader(file(home))) {
            state.load(in);
        }
        return state;
    }

    static void delete(Path home) {
        try {
            Files.deleteIfExists(file(home));
        } catch (IOException ignored) {
            // status checks the launcher's pid as well
        }
    }

    /**
     * {@code up 3m12s, 2 restarts} for a supervised part ({@code postgres}, {@code kafka}, a
     * module); empty when the state was written before supervision began.
     */
    static String uptime(Properties state, String part, Instant now) {
        String since = state.getProperty("part." + part + ".up-since");
        if (since == null) {
            return "";
        }
        Duration up = Duration.between(Instant.parse(since), now);
        String restarts = state.getProperty("part." + part + ".restarts", "0");
        return String.format("up %dh%02dm%02ds, %s restart%s", up.toHours(), up.toMinutesPart(), up.toSecondsPart(),
                restarts, "1".equals(restarts) ? "" : "s");
    }

    /** The lines `./slipway up` and `./slipway status` print. */
    static String describe(Properties state) {
        StringBuilder text = new StringBuilder()
                .append("  router (public)   ").append(state.getProperty("router.url")).append('\n')
                .append("  API key file      ").append(state.getProperty("api-key.file")).append('\n')
                .append("  logs              ").append(state.getProperty("logs.dir")).append('\n')
                .append("  PostgreSQL        ").append(state.getProperty("postgres.jdbc-url")).append('\n')
                .append("  Kafka             ").append(state.getProperty("kafka.bootstrap-servers")).append('\n');
        for (ServiceModule service : ServiceModule.values()) {
            text.append("  ").append(String.format("%-18s", service.module()))
                    .append(state.getProperty("service." + service.module() + ".url")).append('\n');
        }
        return text.toString();
    }
}
