package dev.slipway.router.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.netty.channel.embedded.EmbeddedChannel;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Queue;
import org.junit.jupiter.api.Test;

/**
 * A client connection that closes on an error: after plain I/O trouble what the loop's turn had
 * written for it still leaves first; after a fault that is not I/O (a codec's exception) nothing
 * queued leaves, since it may share memory the fault left wrong. Real: the handler and Netty's
 * pipeline, on an {@code EmbeddedChannel}. Stood in for: the event loop's task queue, by a plain
 * queue the test runs; the rest of the edge (routing, the pool, the watchdog) is absent, as an
 * error never reaches it.
 */
class FrontHandlerTest {
    private final Queue<Runnable> loopTasks = new ArrayDeque<>();
    private final Flushes flushes = new Flushes(loopTasks::add);
    private final ClientConnections clients = new ClientConnections(1 << 20, Long.MAX_VALUE, Long.MAX_VALUE);

    private EmbeddedChannel client() {
        EdgeContext ctx = new EdgeContext(null, null, flushes, clients, 0, 0, "80", null, null);
        ClientGuard guard = new ClientGuard(clients);
        return new EmbeddedChannel(guard, new FrontHandler(ctx, null, null, null, guard));
    }

    @Test
    void anIoErrorClosesTheConnectionAfterSendingWhatTheTurnWroteForIt() {
        EmbeddedChannel client = client();
        // a dyno connection's read writes the response's last part: it waits for the turn's end
        flushes.readStarted();
        flushes.write(client, "last part");

        client.pipeline().fireExceptionCaught(new IOException("Connection reset by peer"));

        assertEquals("last part", client.readOutbound(), "the turn's write left before the close");
        assertFalse(client.isOpen());
    }

    @Test
    void aFaultThatIsNotIoClosesTheConnectionWithoutSendingWhatTheTurnQueued() {
        EmbeddedChannel client = client();
        flushes.readStarted();
        flushes.write(client, "a part that may be a slice of a freed buffer");

        client.pipeline().fireExceptionCaught(new IllegalStateException("a fault in the codec"));

        assertNull(client.readOutbound(), "nothing queued left");
        assertFalse(client.isOpen());
        assertEquals(0, clients.size(), "the connection left its loop's list");
    }
}
