package dev.slipway.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * A real Apache Kafka broker (KRaft, broker and controller in one node) in a child JVM with its
 * own classpath, on 127.0.0.1, that wants credentials from every client (see {@link BrokerSettings}). Its log directory outlives it, and it keeps its ports across
 * {@link #restart()}, so clients reconnect by themselves, as they would to a real cluster.
 */
public final class KafkaBroker {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration STOP_GRACE = Duration.ofSeconds(30);

    private final Path directory;
    private final Path logFile;
    private final int port;
    private final int controllerPort;
    private final String adminPassword;
    private Process process;

    /**
     * @param directory holds {@code server.properties} and the log directory {@code data/}
     * @param port      0 for a free one, chosen now and kept across restarts of this object
     */
    public KafkaBroker(Path directory, int port, Path logFile) {
        this.directory = directory.toAbsolutePath();
        this.logFile = logFile.toAbsolutePath();
        this.port = Ports.orFree(port);
        this.controllerPort = Ports.free();
        this.adminPassword = Secrets.newToken();
    }

    private KafkaBroker(int port, String adminPassword) {
        this.directory = Path.of("/nonexistent");
        this.logFile = Path.of("/nonexistent");
        this.port = port;
        this.controllerPort = -1;
        this.adminPassword = adminPassword;
    }

    /** A broker on a free port, logging to {@code directory/broker.log}. */
    public KafkaBroker(Path directory) {
        this(directory, 0, directory.resolve("broker.log"));
    }

    /** A handle on a broker another part of this JVM started (see {@link Devstack}); it cannot stop it. */
    static KafkaBroker attach(int port, String adminPassword) {
        return new KafkaBroker(port, adminPassword);
    }

    /** Starts the broker (formatting its log directory the first time) and returns once it answers. */
    public synchronized KafkaBroker start() {
        if (process != null && process.isAlive()) {
            return this;
        }
        try {
            Files.createDirectories(directory);
            Files.createDirectories(logFile.getParent());
            Path serverProperties = directory.resolve("server.properties");
            Files.deleteIfExists(serverProperties);
            // created readable by its owner only: it holds the admin password
            Files.createFile(serverProperties, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(serverProperties, BrokerSettings.serverProperties(
                    port, controllerPort, directory.resolve("data"), adminPassword));
            Files.writeString(logFile, "=== broker starting at " + Instant.now() + "\n",
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            // stdin stays a pipe: when this JVM dies, the child reads end-of-stream and exits.
            process = new ProcessBuilder(Processes.inOwnSession(BrokerSettings.command(directory.resolve("server.properties"))))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the Kafka broker in " + directory, e);
        }
        awaitAnswering();
        return this;
    }

    /** A graceful shutdown (SIGTERM: Kafka's controlled shutdown), then SIGKILL after 30 s. */
    public synchronized void stop() {
        if (process == null) {
            return;
        }
        Processes.terminate(process.toHandle(), STOP_GRACE);
        try {
            process.getOutputStream().close();
        } catch (IOException ignored) {
            // the child is gone; nothing to tell it
        }
        process = null;
    }

    /** Stops and starts the broker on the same ports and log directory. */
    public synchronized void restart() {
        stop();
        start();
    }

    public synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** The broker JVM's pid, or -1 when it is not running (fault-injection tests kill it). */
    public synchronized long pid() {
        return process != null && process.isAlive() ? process.pid() : -1;
    }

    /** How the broker's JVM ended, for the supervisor's log line. */
    synchronized String exitDescription() {
        return process == null ? "stopped" : process.isAlive() ? "running" : "exit code " + process.exitValue();
    }

    public int port() {
        return port;
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    public Path logFile() {
        return logFile;
    }

    /**
     * Client settings for the superuser {@code admin} (SASL/PLAIN): what the launcher, devstack and
     * the tests' {@link TestEvents} use. Services get a SCRAM user of their own ({@link KafkaAccess}).
     */
    public Map<String, Object> adminClientProperties() {
        return adminClientProperties(bootstrapServers(), adminPassword);
    }

    static Map<String, Object> adminClientProperties(String bootstrapServers, String adminPassword) {
        return Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.SECURITY_PROTOCOL_CONFIG, "SASL_PLAINTEXT",
                SaslConfigs.SASL_MECHANISM, "PLAIN",
                SaslConfigs.SASL_JAAS_CONFIG, "org.apache.kafka.common.security.plain.PlainLoginModule required "
                        + "username=\"admin\" password=\"" + adminPassword + "\";");
    }

    /** Client settings for a SCRAM-SHA-256 user, as a service's Kafka clients get them. */
    public Map<String, Object> clientProperties(String username, String password) {
        return KafkaAccess.scramClientProperties(bootstrapServers(), username, password);
    }

    String adminPassword() {
        return adminPassword;
    }

    /** Creates the topics that do not exist yet, with the broker's defaults (4 partitions, 1 replica). */
    public void createTopics(Collection<String> names) {
        List<NewTopic> topics = new ArrayList<>();
        for (String name : names) {
            topics.add(new NewTopic(name, Optional.empty(), Optional.empty()));
        }
        try (Admin admin = admin()) {
            for (var result : admin.createTopics(topics).values().entrySet()) {
                try {
                    result.getValue().get(30, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("could not create topic " + result.getKey(), e.getCause());
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("creating topics timed out on " + bootstrapServers(), e);
        }
    }

    /** An admin client as the superuser; the caller closes it. */
    Admin admin() {
        Map<String, Object> config = new HashMap<>(adminClientProperties());
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000);
        config.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 500);
        return createAdmin(config);
    }

    /**
     * Kafka loads its plug-ins (metrics reporters, ...) through the thread's context class loader.
     * Under Quarkus tests, or on a pool thread, that may not be the loader that loaded Kafka, and
     * the plug-in then fails its type check; so the client is made with Kafka's own loader.
     */
    static Admin createAdmin(Map<String, Object> config) {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(Admin.class.getClassLoader());
        try {
            return Admin.create(config);
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    /** Answering means: the port accepts, and the broker describes a cluster with itself in it. */
    private void awaitAnswering() {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        Admin admin = null;
        try {
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("the Kafka broker exited with code " + process.exitValue()
                            + "; see " + logFile + "\n" + Processes.tail(logFile, 30));
                }
                if (Ports.answers(port)) {
                    admin = admin != null ? admin : admin();
                    try {
                        if (!admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).isEmpty()) {
                            return;
                        }
                    } catch (ExecutionException | java.util.concurrent.TimeoutException notYet) {
                        // the broker is still joining its own controller; ask again
                    }
                }
                Thread.sleep(100);
            }
            throw new IllegalStateException("the Kafka broker did not answer on " + bootstrapServers() + " within "
                    + START_TIMEOUT + "; see " + logFile + "\n" + Processes.tail(logFile, 30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            if (admin != null) {
                admin.close(Duration.ZERO);
            }
        }
    }
}
