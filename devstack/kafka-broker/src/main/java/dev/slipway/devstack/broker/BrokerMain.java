package dev.slipway.devstack.broker;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import kafka.Kafka;
import kafka.tools.StorageTool;
import org.apache.kafka.common.Uuid;

/**
 * The entry point of the broker's own JVM (started by {@code dev.slipway.devstack.KafkaBroker}).
 *
 * <p>It formats the KRaft log directory on the first start only, so topics and offsets survive a
 * restart, and it exits when its parent goes away (its stdin closes), so a killed test or launcher
 * never leaves an orphaned broker holding a port.
 */
public final class BrokerMain {
    private BrokerMain() {}

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: BrokerMain <server.properties>");
            System.exit(2);
        }
        String config = args[0];
        formatOnFirstStart(config);
        exitWhenParentGoes();
        Kafka.main(new String[] {config});
    }

    private static void formatOnFirstStart(String config) throws IOException {
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(Path.of(config))) {
            properties.load(in);
        }
        Path logDir = Path.of(properties.getProperty("log.dirs"));
        if (Files.exists(logDir.resolve("meta.properties"))) {
            return;
        }
        // Static quorum (controller.quorum.voters), so no --standalone: the controller's port may change between runs.
        String[] format = {"format", "--cluster-id", Uuid.randomUuid().toString(), "--config", config, "--ignore-formatted"};
        int exitCode = StorageTool.execute(format, System.out);
        if (exitCode != 0) {
            System.err.println("formatting " + logDir + " failed with exit code " + exitCode);
            System.exit(exitCode);
        }
    }

    private static void exitWhenParentGoes() {
        Thread watcher = new Thread(() -> {
            try {
                while (System.in.read() != -1) {
                    // the parent never writes; we only wait for end of stream
                }
            } catch (IOException ignored) {
                // a broken pipe means the same as end of stream
            }
            System.exit(0); // runs Kafka's shutdown hook: a clean, controlled shutdown
        }, "parent-watcher");
        watcher.setDaemon(true);
        watcher.start();
    }
}
