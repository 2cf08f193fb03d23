package dev.slipway.router.edge;

import io.netty.channel.Channel;
import java.util.ArrayList;
import java.util.List;

/**
 * One event loop's deferred flushes. What an exchange writes while the loop reads from one of
 * its connections is flushed once that read ends, so a response's head, body and end leave in
 * one system call (and so does a request with its body); a write outside a read is flushed at
 * once. Confined to its event loop.
 */
final class Flushes {
    private final List<Channel> pending = new ArrayList<>(4);
    private boolean reading;

    /** Called by the last handler of a connection when a read hands it a message. */
    void readStarted() {
        reading = true;
    }

    /** Called when that read is complete; also by the loop's sweep, which never runs inside a read. */
    void readEnded() {
        reading = false;
        for (int i = 0, n = pending.size(); i < n; i++) {
            pending.get(i).flush();
        }
        pending.clear();
    }

    void write(Channel channel, Object msg) {
        channel.write(msg, channel.voidPromise());
        if (!reading) {
            channel.flush();
        } else if (!pending.contains(channel)) {
            pending.add(channel);
        }
    }
}
