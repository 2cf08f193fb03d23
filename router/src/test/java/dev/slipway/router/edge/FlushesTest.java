package dev.slipway.router.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayDeque;
import java.util.Queue;
import org.junit.jupiter.api.Test;

/** Deferred flushes: what the reads of one turn of the event loop write leaves once, after the turn's I/O. */
class FlushesTest {
    /** The event loop's task queue: a task runs when the test says the turn's I/O is done. */
    private final Queue<Runnable> loopTasks = new ArrayDeque<>();
    private final Flushes flushes = new Flushes(loopTasks::add);

    @Test
    void aWriteOutsideAReadLeavesAtOnce() {
        EmbeddedChannel channel = new EmbeddedChannel();
        flushes.write(channel, "head");
        assertEquals("head", channel.readOutbound());
        assertEquals(0, loopTasks.size(), "nothing is left for the turn's end");
    }

    @Test
    void writesDuringTheReadsOfOneTurnLeaveTogetherWhenItsIoIsDone() {
        EmbeddedChannel client = new EmbeddedChannel();
        EmbeddedChannel dyno = new EmbeddedChannel();
        flushes.readStarted();
        flushes.write(client, "head");
        flushes.write(client, "body");
        flushes.readEnded();
        flushes.readStarted();
        flushes.write(dyno, "request");
        flushes.write(client, "next head");
        flushes.readEnded();
        assertNull(client.readOutbound(), "nothing leaves before the turn's reads are done");
        assertNull(dyno.readOutbound());
        assertEquals(1, loopTasks.size(), "one flush for the whole turn");

        loopTasks.poll().run();
        assertEquals("head", client.readOutbound());
        assertEquals("body", client.readOutbound());
        assertEquals("next head", client.readOutbound());
        assertEquals("request", dyno.readOutbound());

        flushes.write(client, "after");
        assertEquals("after", client.readOutbound(), "after the turn, writes leave at once again");
    }
}
