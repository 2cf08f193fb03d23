package dev.slipway.router.edge;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.WrappedByteBuf;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Netty's pooled allocator, except that once armed every {@code n}-th last release of a buffer it
 * handed out throws after the memory went back to the pool: what a pooled chunk's release did
 * under forced {@code Unsafe} on JDK 25 (issue 14). Slices and duplicates are the inner buffer's,
 * so the fault strikes where the codecs release what they allocated (a cumulation, a read buffer).
 */
final class FaultInjectingAllocator implements ByteBufAllocator {
    private final ByteBufAllocator pooled = PooledByteBufAllocator.DEFAULT;
    private final AtomicInteger every = new AtomicInteger();
    private final AtomicLong releases = new AtomicLong();
    final AtomicLong injected = new AtomicLong();

    /** From now on every n-th last release throws; 0 disarms. */
    void failEvery(int n) {
        every.set(n);
    }

    private ByteBuf wrap(ByteBuf buf) {
        return new ReleaseFaultBuf(buf);
    }

    private final class ReleaseFaultBuf extends WrappedByteBuf {
        ReleaseFaultBuf(ByteBuf buf) {
            super(buf);
        }

        @Override
        public boolean release() {
            return fault(buf.release());
        }

        @Override
        public boolean release(int decrement) {
            return fault(buf.release(decrement));
        }

        private boolean fault(boolean freed) {
            int n = every.get();
            if (freed && n > 0 && releases.incrementAndGet() % n == 0) {
                injected.incrementAndGet();
                throw new IllegalStateException("injected: the pool's release failed after freeing the memory");
            }
            return freed;
        }
    }

    @Override
    public ByteBuf buffer() {
        return wrap(pooled.buffer());
    }

    @Override
    public ByteBuf buffer(int initialCapacity) {
        return wrap(pooled.buffer(initialCapacity));
    }

    @Override
    public ByteBuf buffer(int initialCapacity, int maxCapacity) {
        return wrap(pooled.buffer(initialCapacity, maxCapacity));
    }

    @Override
    public ByteBuf ioBuffer() {
        return wrap(pooled.ioBuffer());
    }

    @Override
    public ByteBuf ioBuffer(int initialCapacity) {
        return wrap(pooled.ioBuffer(initialCapacity));
    }

    @Override
    public ByteBuf ioBuffer(int initialCapacity, int maxCapacity) {
        return wrap(pooled.ioBuffer(initialCapacity, maxCapacity));
    }

    @Override
    public ByteBuf heapBuffer() {
        return wrap(pooled.heapBuffer());
    }

    @Override
    public ByteBuf heapBuffer(int initialCapacity) {
        return wrap(pooled.heapBuffer(initialCapacity));
    }

    @Override
    public ByteBuf heapBuffer(int initialCapacity, int maxCapacity) {
        return wrap(pooled.heapBuffer(initialCapacity, maxCapacity));
    }

    @Override
    public ByteBuf directBuffer() {
        return wrap(pooled.directBuffer());
    }

    @Override
    public ByteBuf directBuffer(int initialCapacity) {
        return wrap(pooled.directBuffer(initialCapacity));
    }

    @Override
    public ByteBuf directBuffer(int initialCapacity, int maxCapacity) {
        return wrap(pooled.directBuffer(initialCapacity, maxCapacity));
    }

    @Override
    public CompositeByteBuf compositeBuffer() {
        return pooled.compositeBuffer();
    }

    @Override
    public CompositeByteBuf compositeBuffer(int maxNumComponents) {
        return pooled.compositeBuffer(maxNumComponents);
    }

    @Override
    public CompositeByteBuf compositeHeapBuffer() {
        return pooled.compositeHeapBuffer();
    }

    @Override
    public CompositeByteBuf compositeHeapBuffer(int maxNumComponents) {
        return pooled.compositeHeapBuffer(maxNumComponents);
    }

    @Override
    public CompositeByteBuf compositeDirectBuffer() {
        return pooled.compositeDirectBuffer();
    }

    @Override
    public CompositeByteBuf compositeDirectBuffer(int maxNumComponents) {
        return pooled.compositeDirectBuffer(maxNumComponents);
    }

    @Override
    public boolean isDirectBufferPooled() {
        return true;
    }

    @Override
    public int calculateNewCapacity(int minNewCapacity, int maxCapacity) {
        return pooled.calculateNewCapacity(minNewCapacity, maxCapacity);
    }
}
