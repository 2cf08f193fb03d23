package dev.slipway.router.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayDeque;
import java.util.Queue;
import org.junit.jupiter.api.Test;

/**
 * A client connection that closes on an error: what the loop's turn had written for it still
 * leaves first. Real: the handler and Netty's pipeline, on an {@code EmbeddedChannel}. Stood in
 * for: the event loop's task queue, by a plain queue the test runs; the rest of the edge
 * (routing, the pool, the watchdog) is absent, as an error never reaches it.
 */
class FrontHandlerTest {
    private final Queue<Runnable> loopTasks = new ArrayDeque<>();
    private final Flushes flushes = new Flushes(loopTasks::add);

    @Test
    void anErrorClosesTheConnectionAfterSendingWhatTheTurnWroteForIt() {
        EdgeContext ctx = new EdgeContext(null, null, flushes, 0, 0, "80", null);
        FrontHandler front = new FrontHandler(ctx, null, null, null);
        EmbeddedChannel client = new EmbeddedChannel(front);
        // a dyno connection's read writes the response's last part: it waits for the turn's end
        flushes.readStarted();
        flushes.write(client, "last part");

        client.pipeline().fireExceptionCaught(new IllegalStateException("a fault in the router"));

        assertEquals("last part", client.readOutbound(), "the turn's write left before the close");
        assertFalse(client.isOpen());
    }
}
