package dev.slipway.devstack;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** How the broker's child JVM is started and configured: its command line and its server.properties. */
final class BrokerSettings {
    private static final String CLASSPATH_RESOURCE = "dev/slipway/devstack/broker/classpath.txt";
    private static final String MAIN_CLASS = "dev.slipway.devstack.broker.BrokerMain";

    private BrokerSettings() {}

    static List<String> command(Path serverProperties) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xms32m", "-Xmx512m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-Djava.awt.headless=true",
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                "-Dorg.slf4j.simpleLogger.log.kafka.server.KafkaRaftServer=info",
                "-Dorg.slf4j.simpleLogger.showDateTime=true"));
        if (Runtime.version().feature() >= 23) {
            // Kafka 4.1 still uses sun.misc.Unsafe; newer JDKs print a warning block for it on every start
            command.add("--sun-misc-unsafe-memory-access=allow");
        }
        command.addAll(List.of("-cp", classpath(), MAIN_CLASS, serverProperties.toString()));
        return command;
    }

    /**
     * A single node that is both controller and broker, tuned for one small machine: internal topics
     * with one replica and few partitions, no initial rebalance delay, small buffers and thread pools.
     * The quorum is static (controller.quorum.voters), so the controller's port may change between runs.
     *
     * <p>Every listener wants credentials (SASL over plain TCP on 127.0.0.1). The services log in with
     * SCRAM-SHA-256, each as itself (users the launcher creates through the Admin API, see
     * {@link KafkaAccess}); {@code admin}, the one superuser, logs in with PLAIN against this file's
     * static entry, so it exists before the metadata log does (the controller and the broker's own
     * connections use it too) and gets a new password on every start. The StandardAuthorizer allows
     * nothing that no ACL allows.
     */
    static String serverProperties(int port, int controllerPort, Path logDir, String adminPassword) {
        if (!adminPassword.matches("[A-Za-z0-9_-]+")) {
            throw new IllegalArgumentException("the admin password must be URL-safe base64: it is quoted in a JAAS line");
        }
        String plain = "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"admin\" password=\"%1$s\" user_admin=\"%1$s\";"
                .formatted(adminPassword);
        return """
                # written by devstack on every start (mode 600: it holds the admin password); edits are lost
                process.roles=broker,controller
                node.id=1
                controller.quorum.voters=1@127.0.0.1:%2$d
                listeners=SASL_PLAINTEXT://127.0.0.1:%1$d,CONTROLLER://127.0.0.1:%2$d
                advertised.listeners=SASL_PLAINTEXT://127.0.0.1:%1$d
                controller.listener.names=CONTROLLER
                inter.broker.listener.name=SASL_PLAINTEXT
                listener.security.protocol.map=SASL_PLAINTEXT:SASL_PLAINTEXT,CONTROLLER:SASL_PLAINTEXT
                listener.name.sasl_plaintext.sasl.enabled.mechanisms=SCRAM-SHA-256,PLAIN
                listener.name.sasl_plaintext.scram-sha-256.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required;
                listener.name.sasl_plaintext.plain.sasl.jaas.config=%4$s
                sasl.mechanism.inter.broker.protocol=PLAIN
                listener.name.controller.sasl.enabled.mechanisms=PLAIN
                listener.name.controller.plain.sasl.jaas.config=%4$s
                sasl.mechanism.controller.protocol=PLAIN
                authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer
                super.users=User:admin
                allow.everyone.if.no.acl.found=false
                log.dirs=%3$s
                num.partitions=4
                auto.create.topics.enable=true
                default.replication.factor=1
                min.insync.replicas=1
                offsets.topic.replication.factor=1
                offsets.topic.num.partitions=4
                transaction.state.log.replication.factor=1
                transaction.state.log.min.isr=1
                transaction.state.log.num.partitions=4
                share.coordinator.state.topic.replication.factor=1
                share.coordinator.state.topic.min.isr=1
                group.initial.rebalance.delay.ms=0
                num.network.threads=2
                num.io.threads=4
                background.threads=4
                num.recovery.threads.per.data.dir=1
                log.cleaner.threads=1
                log.cleaner.dedupe.buffer.size=16777216
                """.formatted(port, controllerPort, logDir.toAbsolutePath(), plain);
    }

    /** This jar (or classes directory) of devstack-kafka-broker, plus the classpath its build wrote. */
    static String classpath() {
        ClassLoader loader = BrokerSettings.class.getClassLoader();
        URL resource = loader.getResource(CLASSPATH_RESOURCE);
        if (resource == null) {
            throw new IllegalStateException(CLASSPATH_RESOURCE + " is not on the classpath: build the broker with "
                    + "./mvnw -q -B -pl devstack -am install -DskipTests");
        }
        try (InputStream in = resource.openStream()) {
            String dependencies = new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
            return codeSource(resource) + File.pathSeparator + dependencies;
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + resource, e);
        }
    }

    private static String codeSource(URL resource) throws IOException {
        try {
            return switch (resource.getProtocol()) {
                case "jar" -> Path.of(((JarURLConnection) resource.openConnection()).getJarFileURL().toURI()).toString();
                case "file" -> {
                    Path file = Path.of(resource.toURI());
                    int depth = Path.of(CLASSPATH_RESOURCE).getNameCount();
                    yield file.getRoot().resolve(file.subpath(0, file.getNameCount() - depth)).toString();
                }
                default -> throw new IllegalStateException("cannot find the broker's jar from " + resource);
            };
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
