package dev.slipway.router.edge;

import dev.slipway.devstack.ServiceTestResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * devstack's {@link ServiceTestResource} for schema {@code router}. The devstack is first started
 * from the JVM's system class loader: started from Quarkus' test class loader, Kafka's admin client
 * (run on a common-pool thread whose context loader is the system one) fails with a
 * ClassCastException on its JmxReporter. The copy Quarkus loads then attaches to it.
 */
public class RouterDevstack implements QuarkusTestResourceLifecycleManager {
    private final ServiceTestResource delegate = new ServiceTestResource();

    @Override
    public Map<String, String> start() {
        try {
            Class.forName("dev.slipway.devstack.Devstack", true, ClassLoader.getSystemClassLoader())
                    .getMethod("shared").invoke(null);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("could not start devstack", e);
        }
        delegate.init(Map.of("service", "router"));
        return delegate.start();
    }

    @Override
    public void stop() {
        delegate.stop();
    }
}
