package dev.slipway.git;

import dev.slipway.devstack.ServiceTestResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * devstack's {@link ServiceTestResource} for schema {@code git}. The devstack itself is first
 * started from the system class loader: its Kafka admin client, created from Quarkus' test class
 * loader, fails with a ClassCastException on Kafka's JmxReporter. The Quarkus-side copy then
 * attaches to the running devstack. (Same work-around as config-service's; belongs in devstack.)
 */
public class GitTestResource implements QuarkusTestResourceLifecycleManager {
    private final ServiceTestResource devstack = new ServiceTestResource();

    @Override
    public void init(Map<String, String> initArgs) {
        devstack.init(Map.of("service", "git"));
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
