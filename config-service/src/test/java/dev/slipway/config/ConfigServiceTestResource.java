package dev.slipway.config;

import dev.slipway.devstack.ServiceTestResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * devstack's {@link ServiceTestResource} for schema {@code config}. The devstack itself is first
 * started from the system class loader: it creates its Kafka admin client on pool threads whose
 * context loader is the system one, and from Quarkus' test loader that ends in a ClassCastException
 * on Kafka's JmxReporter. The Quarkus-side copy then attaches to it (devstack supports that).
 */
public class ConfigServiceTestResource implements QuarkusTestResourceLifecycleManager {
    private final ServiceTestResource devstack = new ServiceTestResource();

    @Override
    public void init(Map<String, String> initArgs) {
        devstack.init(Map.of("service", "config"));
    }

    @Override
    public Map<String, String> start() {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        ClassLoader system = ClassLoader.getSystemClassLoader();
        thread.setContextClassLoader(system);
        try {
            Class.forName("dev.slipway.devstack.Devstack", true, system).getMethod("shared").invoke(null);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("could not start the devstack", e);
        } finally {
            thread.setContextClassLoader(previous);
        }
        return devstack.start();
    }

    @Override
    public void stop() {
        devstack.stop();
    }
}
