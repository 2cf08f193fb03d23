package dev.slipway.release;

import dev.slipway.devstack.ServiceTestResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * devstack's {@link ServiceTestResource} for schema {@code release}. The devstack is first started
 * from the system class loader: it creates its Kafka admin client on common-pool threads whose
 * context loader is the system one, and from Quarkus' test loader that ends in a ClassCastException
 * on Kafka's JmxReporter. The Quarkus-side copy then attaches to the running devstack.
 * Drop this class once devstack starts its broker with the caller's context class loader.
 */
public class ReleaseServiceTestResource implements QuarkusTestResourceLifecycleManager {
    private final ServiceTestResource devstack = new ServiceTestResource();

    @Override
    public void init(Map<String, String> initArgs) {
        devstack.init(Map.of("service", "release"));
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
