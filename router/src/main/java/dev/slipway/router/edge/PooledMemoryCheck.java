package dev.slipway.router.edge;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.util.internal.PlatformDependent;

/**
 * The edge's start-up check that its allocator can hand out direct memory and take it back: a
 * small buffer (from a pooled page), a slice of one, and a buffer larger than a pool chunk (a
 * chunk of its own, freed through the JVM's cleaner on release, the path that threw inside the
 * HTTP decoder with {@code Unsafe} in use, issue 14). Each is written, read back and released.
 * A router that cannot do this would corrupt or drop streams later, under load; it refuses to
 * start instead, saying why. With devstack's options Netty has {@code Unsafe} and takes its direct
 * memory from {@code Unsafe.allocateMemory} and gives it back with {@code freeMemory}, past the
 * rewritten cleaner; the line this returns says which way this JVM went.
 */
final class PooledMemoryCheck {
    /** Larger than Netty's default pool chunk (4 MiB): allocated and freed as a chunk of its own. */
    static final int FALLBACK_HUGE = (4 << 20) + 1;

    private PooledMemoryCheck() {}

    /** Returns a one-line description of what was checked; throws {@link IllegalStateException} when it fails. */
    static String verify(ByteBufAllocator allocator) {
        int huge = allocator instanceof PooledByteBufAllocator pooled
                ? pooled.metric().chunkSize() + 1 : FALLBACK_HUGE;
        try {
            roundTrip(allocator.directBuffer(256), 256, false);
            roundTrip(allocator.directBuffer(64 * 1024), 64 * 1024, true);
            roundTrip(allocator.directBuffer(huge), huge, false);
        } catch (Throwable e) {
            throw new IllegalStateException("the router cannot allocate and free pooled direct memory on this JVM"
                    + " (Java " + Runtime.version() + ", " + memory() + "): " + e + ". With Unsafe in use and no access to"
                    + " the JDK's DirectByteBuffer(long, int) constructor, Netty 4.2 frees chunks through the CleanerJava9"
                    + " that Quarkus' build rewrites for Netty 4.1: start the router with -Dio.netty.noUnsafe=false"
                    + (Runtime.version().feature() >= 23 ? " --sun-misc-unsafe-memory-access=allow" : "")
                    + " -Dio.netty.tryReflectionSetAccessible=true --add-opens=java.base/java.nio=ALL-UNNAMED"
                    + " (devstack's options: Unsafe.allocateMemory and freeMemory, no cleaner), or without Unsafe"
                    + " (-Dio.netty.noUnsafe=true); see router/README.md", e);
        }
        return "pooled direct memory allocated and freed (256 B, 64 KiB with a slice, " + huge + " B); " + memory();
    }

    /** How Netty takes and gives back direct memory in this JVM, for the start-up line and the refusal. */
    static String memory() {
        if (!PlatformDependent.hasUnsafe()) {
            return "Unsafe not in use";
        }
        return PlatformDependent.useDirectBufferNoCleaner()
                ? "Unsafe in use, direct memory without a cleaner (Unsafe.allocateMemory and freeMemory)"
                : "Unsafe in use, direct memory freed through the JDK's cleaner";
    }

    private static void roundTrip(ByteBuf buf, int size, boolean withSlice) {
        try {
            for (int i = 0; i < size; i++) {
                buf.writeByte(i * 31);
            }
            ByteBuf view = withSlice ? buf.retainedSlice(size / 2, size / 2) : buf.retainedDuplicate();
            try {
                int from = withSlice ? size / 2 : 0;
                for (int i = 0; i < view.readableBytes(); i++) {
                    if (view.getByte(i) != (byte) ((from + i) * 31)) {
                        throw new IllegalStateException("byte " + (from + i) + " read back differs from the one written");
                    }
                }
            } finally {
                view.release();
            }
        } finally {
            if (!buf.release()) {
                throw new IllegalStateException("a buffer of " + size + " bytes was still referenced after its last release");
            }
        }
    }
}
