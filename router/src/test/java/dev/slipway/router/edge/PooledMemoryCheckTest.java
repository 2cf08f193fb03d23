package dev.slipway.router.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slipway.devstack.PlatformSettings;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import io.netty.util.internal.PlatformDependent;
import java.lang.management.ManagementFactory;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The edge's start-up check of pooled direct memory, on the JDK the build runs on (CI: JDK 25)
 * and with the JVM options surefire gives it: the router's own (router/pom.xml, devstack's
 * {@code PlatformSettings.ROUTER_NETTY_OPTIONS}) with Netty's leak detector at PARANOID, so that
 * every router test runs on the memory path the router runs on. Real: Netty's pooled allocator.
 * Faked: an allocator whose releases throw, for the refusal.
 */
class PooledMemoryCheckTest {

    @Test
    void theRoutersTestsRunWithTheRoutersNettyOptionsAndTheLeakDetectorAtParanoid() {
        List<String> jvm = ManagementFactory.getRuntimeMXBean().getInputArguments();
        for (String option : PlatformSettings.ROUTER_NETTY_OPTIONS) {
            if (option.startsWith("-D")) {
                String[] property = option.substring(2).split("=", 2);
                assertEquals(property[1], System.getProperty(property[0]), option + " in " + jvm);
            }
        }
        // the --add-opens and --sun-misc-unsafe-memory-access halves show in what Netty could do with them
        assertTrue(PlatformDependent.hasUnsafe(), PooledMemoryCheck.memory() + " " + jvm);
        assertTrue(PlatformDependent.useDirectBufferNoCleaner(), PooledMemoryCheck.memory() + " " + jvm);
        assertEquals(ResourceLeakDetector.Level.PARANOID, ResourceLeakDetector.getLevel(), jvm.toString());
        assertTrue(Boolean.parseBoolean(System.getProperty("io.netty.buffer.checkAccessible", "true"))
                && Boolean.parseBoolean(System.getProperty("io.netty.buffer.checkBounds", "true")), jvm.toString());
    }

    @Test
    void pooledDirectMemoryIsAllocatedAndFreedOnThisJdk() {
        String done = PooledMemoryCheck.verify(PooledByteBufAllocator.DEFAULT);
        assertTrue(done.startsWith("pooled direct memory allocated and freed"), done);
        assertTrue(done.endsWith("direct memory without a cleaner (Unsafe.allocateMemory and freeMemory)"), done);
    }

    @Test
    void anAllocatorThatCannotFreeIsRefusedWithTheReason() {
        FaultInjectingAllocator faulty = new FaultInjectingAllocator();
        faulty.failEvery(1);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> PooledMemoryCheck.verify(faulty));
        assertTrue(e.getMessage().contains("cannot allocate and free pooled direct memory"), e.getMessage());
        assertTrue(e.getMessage().contains("-Dio.netty.tryReflectionSetAccessible=true --add-opens=java.base/java.nio=ALL-UNNAMED"),
                e.getMessage());
        assertTrue(e.getMessage().contains("-Dio.netty.noUnsafe=true"), e.getMessage());
    }
}
