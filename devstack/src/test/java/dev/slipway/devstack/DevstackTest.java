package dev.slipway.devstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slipway.events.Topics;
import java.io.File;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;

/**
 * Real: the shared devstack (PostgreSQL and the Kafka broker) and ServiceTestResource, called the
 * way Quarkus calls a test resource. Faked: nothing; no Quarkus application is started.
 */
class DevstackTest {

    @Test
    void isOnePerJvmWithSlipwaysTopics() throws Exception {
        Devstack devstack = Devstack.shared();
        assertSame(devstack, Devstack.shared());
        try (Admin admin = Admin.create(devstack.kafka().adminClientProperties())) {
            assertTrue(admin.listTopics().names().get().containsAll(Topics.ALL));
        }
        try (Connection admin = DriverManager.getConnection(devstack.adminJdbcUrl());
                ResultSet rows = admin.createStatement().executeQuery("SELECT current_database()")) {
            rows.next();
            assertEquals("slipway", rows.getString(1));
        }
    }

    @Test
    void aSecondClassLoaderAttachesToTheSameDevstack() throws Exception {
        String mine = Devstack.shared().bootstrapServers();
        // What Quarkus does between test applications: the same classes, loaded again by a new loader.
        try (URLClassLoader reloaded = new URLClassLoader(testClasspath(), ClassLoader.getPlatformClassLoader())) {
            Class<?> copy = reloaded.loadClass(Devstack.class.getName());
            Object shared = copy.getMethod("shared").invoke(null);
            assertTrue(copy != Devstack.class);
            assertEquals(mine, copy.getMethod("bootstrapServers").invoke(shared));
        }
    }

    @Test
    void theTestResourceGivesAServiceItsOwnSchemaAndTheBroker() throws Exception {
        ServiceTestResource resource = new ServiceTestResource();
        resource.init(Map.of("service", "release"));

        Map<String, String> config = resource.start();

        assertEquals("slipway_release", config.get("quarkus.datasource.username"));
        assertEquals(Devstack.shared().bootstrapServers(), config.get("kafka.bootstrap.servers"));
        assertEquals("false", config.get("quarkus.devservices.enabled"));
        assertEquals("release-service", config.get("slipway.kafka.username"));
        assertEquals("SCRAM-SHA-256", config.get("slipway.kafka.sasl-mechanism"));
        assertEquals(Devstack.shared().internalToken(), config.get("slipway.internal-token"));
        assertTrue(Files.isDirectory(Path.of(config.get("slipway.home"))));
        try (Connection release = DriverManager.getConnection(config.get("quarkus.datasource.jdbc.url"),
                config.get("quarkus.datasource.username"), config.get("quarkus.datasource.password"));
                ResultSet rows = release.createStatement().executeQuery("SELECT current_schema()")) {
            rows.next();
            assertEquals("release", rows.getString(1));
        }
        resource.stop();
    }

    private static URL[] testClasspath() throws Exception {
        // surefire hands the JVM a manifest-only jar; the real classpath is in this property
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<URL> urls = new ArrayList<>();
        for (String entry : classpath.split(File.pathSeparator)) {
            urls.add(Path.of(entry).toUri().toURL());
        }
        return urls.toArray(URL[]::new);
    }
}
