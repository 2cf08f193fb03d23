package dev.slipway.devstack;

import dev.slipway.events.Topics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The PostgreSQL server and Kafka broker that all tests of one JVM share: started on first use
 * (throw-away directories, free ports, Slipway's topics created), stopped by a shutdown hook.
 *
 * <p>Quarkus loads test code, and so this class, once per application class loader, and a test
 * run may restart the application several times. One JVM must still get one devstack, so the first
 * copy publishes where its parts listen in system properties, and later copies attach to them.
 */
public final class Devstack {
    private static final String POSTGRES_PORT = "slipway.devstack.postgres.port";
    private static final String POSTGRES_PASSWORD = "slipway.devstack.postgres.password";
    private static final String KAFKA_PORT = "slipway.devstack.kafka.port";
    private static final String RUN_DIRECTORY = "slipway.devstack.dir";
    private static final String INTERNAL_TOKEN = "slipway.devstack.internal-token";
    // A string literal is interned: the same object in every class loader, so one lock for the JVM.
    private static final Object JVM_WIDE_LOCK = "dev.slipway.devstack.Devstack.lock";
    private static Devstack shared;

    private final PostgresServer postgres;
    private final KafkaBroker kafka;
    private final Path directory;

    private Devstack(PostgresServer postgres, KafkaBroker kafka, Path directory) {
        this.postgres = postgres;
        this.kafka = kafka;
        this.directory = directory;
    }

    /** This JVM's devstack, started on the first call (a few seconds), then returned at once. */
    public static Devstack shared() {
        synchronized (JVM_WIDE_LOCK) {
            if (shared == null) {
                shared = System.getProperty(KAFKA_PORT) != null ? attach() : startNew();
            }
            return shared;
        }
    }

    public PostgresServer postgres() {
        return postgres;
    }

    public KafkaBroker kafka() {
        return kafka;
    }

    /** The superuser's JDBC URL (credentials included) on database {@code slipway}. */
    public String adminJdbcUrl() {
        return postgres.adminJdbcUrl();
    }

    public String bootstrapServers() {
        return kafka.bootstrapServers();
    }

    /**
     * The service credential every service under test gets ({@code slipway.internal-token}), as the
     * launcher gives one to a platform; a test calling {@code /internal/...} sends it in
     * {@code X-Slipway-Service-Token}.
     */
    public String internalToken() {
        synchronized (JVM_WIDE_LOCK) {
            String token = System.getProperty(INTERNAL_TOKEN);
            if (token == null) {
                token = Secrets.newToken();
                System.setProperty(INTERNAL_TOKEN, token);
            }
            return token;
        }
    }

    /**
     * The service's own broker login, as the launcher makes it: its SCRAM user (a fresh password)
     * and its ACLs ({@link KafkaAccess}). Returns the password.
     */
    public String kafkaLogin(ServiceModule service) {
        String password = Secrets.newToken();
        KafkaAccess.grant(kafka, service, password);
        return password;
    }

    /** A new empty directory, removed with the devstack when the JVM exits. */
    public Path newDirectory(String prefix) {
        try {
            return Files.createTempDirectory(directory, prefix);
        } catch (IOException e) {
            throw new UncheckedIOException("could not create a directory in " + directory, e);
        }
    }

    private static Devstack startNew() {
        Path dir = TempDirs.newRunDirectory();
        PostgresServer postgres = new PostgresServer(dir.resolve("postgres"), 0, dir.resolve("postgres.log"), false);
        KafkaBroker kafka = new KafkaBroker(dir.resolve("kafka"), 0, dir.resolve("kafka.log"));
        OrphanGuard.watch(dir, dir.resolve("postgres")); // closes when this JVM exits
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            kafka.stop();
            postgres.stop();
            TempDirs.deleteTree(dir);
        }, "devstack-stop"));
        // Both take a few seconds and mostly wait on their own processes: start them side by side.
        CompletableFuture<Void> broker = CompletableFuture.runAsync(() -> kafka.start().createTopics(Topics.ALL));
        postgres.start();
        try {
            broker.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
        System.setProperty(POSTGRES_PORT, String.valueOf(postgres.port()));
        System.setProperty(POSTGRES_PASSWORD, postgres.superuserPassword());
        System.setProperty(RUN_DIRECTORY, dir.toString());
        System.setProperty(DevstackConfigSource.ADMIN_PASSWORD, kafka.adminPassword());
        System.setProperty(KAFKA_PORT, String.valueOf(kafka.port()));
        return new Devstack(postgres, kafka, dir);
    }

    private static Devstack attach() {
        return new Devstack(
                PostgresServer.attach(Integer.parseInt(System.getProperty(POSTGRES_PORT)), System.getProperty(POSTGRES_PASSWORD)),
                KafkaBroker.attach(Integer.parseInt(System.getProperty(KAFKA_PORT)), System.getProperty(DevstackConfigSource.ADMIN_PASSWORD)),
                Path.of(System.getProperty(RUN_DIRECTORY)));
    }
}
