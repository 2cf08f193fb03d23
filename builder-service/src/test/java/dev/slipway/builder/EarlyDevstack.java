package dev.slipway.builder;

import dev.slipway.devstack.Devstack;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Starts the JVM's devstack when the test session opens, from the plain test class loader, before
 * Quarkus boots and calls ServiceTestResource from its own class loader; that resource then
 * attaches to this devstack (Devstack publishes its ports in system properties).
 *
 * <p>Why: started from inside Quarkus's class loader, devstack creates its Kafka admin client on
 * a common-pool thread whose context class loader is the system one, and Kafka's
 * {@code JmxReporter} then fails with a ClassCastException (two copies of the Kafka classes).
 * Remove this once devstack builds its admin client with its own class loader.
 */
public class EarlyDevstack implements LauncherSessionListener {
    @Override
    public void launcherSessionOpened(LauncherSession session) {
        Devstack.shared();
    }
}
