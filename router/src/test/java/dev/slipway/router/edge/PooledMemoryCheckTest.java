package dev.slipway.router.edge;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.PooledByteBufAllocator;
import org.junit.jupiter.api.Test;

/**
 * The edge's start-up check of pooled direct memory, on the JDK the build runs on (CI: JDK 25)
 * and with the JVM options surefire gives it. Real: Netty's pooled allocator. Faked: an allocator
 * whose releases throw, for the refusal.
 */
class PooledMemoryCheckTest {

    @Test
    void pooledDirectMemoryIsAllocatedAndFreedOnThisJdk() {
        String done = PooledMemoryCheck.verify(PooledByteBufAllocator.DEFAULT);
        assertTrue(done.startsWith("pooled direct memory allocated and freed"), done);
    }

    @Test
    void anAllocatorThatCannotFreeIsRefusedWithTheReason() {
        FaultInjectingAllocator faulty = new FaultInjectingAllocator();
        faulty.failEvery(1);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> PooledMemoryCheck.verify(faulty));
        assertTrue(e.getMessage().contains("cannot allocate and free pooled direct memory"), e.getMessage());
        assertTrue(e.getMessage().contains("-Dio.netty.noUnsafe=true"), e.getMessage());
    }
}
