package dev.slipway.router.edge;

import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The allocator every edge connection (client and upstream) takes its buffers from: Netty's
 * pooled direct memory. A seam (STYLE: the allocator where buffers are pooled): a test swaps in
 * an allocator whose buffers fail on release, to prove the edge never sends what such a fault
 * left behind.
 */
@ApplicationScoped
public class EdgeAllocator {

    public ByteBufAllocator allocator() {
        return PooledByteBufAllocator.DEFAULT;
    }
}
