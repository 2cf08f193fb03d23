package dev.slipway.router.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

/** Deferred flushes: what is written during a read leaves once, when the read ends. */
class FlushesTest {

    @Test
    void aWriteOutsideAReadLeavesAtOnce() {
        EmbeddedChannel channel = new EmbeddedChannel();
        new Flushes().write(channel, "head");
        assertEquals("head", channel.readOutbound());
    }

    @Test
    void writesDuringAReadLeaveTogetherWhenItEnds() {
        EmbeddedChannel client = new EmbeddedChannel();
        EmbeddedChannel dyno = new EmbeddedChannel();
        Flushes flushes = new Flushes();
        flushes.readStarted();
        flushes.write(client, "head");
        flushes.write(client, "body");
        flushes.write(dyno, "request");
        assertNull(client.readOutbound(), "nothing leaves before the read ends");
        assertNull(dyno.readOutbound());

        flushes.readEnded();
        assertEquals("head", client.readOutbound());
        assertEquals("body", client.readOutbound());
        assertEquals("request", dyno.readOutbound());

        flushes.write(client, "after");
        assertEquals("after", client.readOutbound(), "after the read, writes leave at once again");
    }
}
