package dev.slipway.router.edge;

import io.netty.buffer.ByteBufAllocator;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;

/**
 * The edge's allocator seam, filled by {@link FaultInjectingAllocator}: an alternative without a
 * priority, so only a test whose profile enables it ({@link ProxyDifferentialTest}) gets it.
 */
@Alternative
@ApplicationScoped
public class FaultInjectingEdgeAllocator extends EdgeAllocator {
    static final FaultInjectingAllocator ALLOCATOR = new FaultInjectingAllocator();

    @Override
    public ByteBufAllocator allocator() {
        return ALLOCATOR;
    }
}
