package dev.slipway.devstack;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
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

    static void write(Platform platform) {
        Properties state = new Properties();
        state.setProperty("router.url", platform.routerUrl());
        state.setProperty("api-key.file", platform.apiKeyFile().toString());
        state.setProperty("logs.dir", platform.logsDir().toString());
        state.setProperty("postgres.jdbc-url", platform.postgres().jdbcUrl());
        state.setProperty("kafka.bootstrap-servers", platform.kafka().bootstrapServers());
        for (ServiceModule service : ServiceModule.values()) {
            state.setProperty("service." + service.module() + ".url", platform.serviceUrl(service));
        }
        try (Writer out = Files.newBufferedWriter(file(platform.home()))) {
            state.store(out, "written by ./slipway up; removed by ./slipway down");
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
