package dev.slipway.router.edge;

import io.netty.channel.Channel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;

/**
 * One event loop's deferred flushes. What an exchange writes while the loop reads is flushed once
 * the loop has read every connection that was ready in this turn (by a task, which the loop runs
 * after its turn's I/O), as HAProxy sends: a response's head, body and end leave in one system
 * call, and a peer woken by the first of a turn's writes can find the others already waiting. A
 * write outside a read is flushed at once. Confined to its event loop.
 */
final class Flushes {
    private final List<Channel> pending = new ArrayList<>(16);
    private final Executor afterIO;
    private final Runnable flushAll = this::flushAll;
    private boolean reading;
    private boolean scheduled;
    /** Counts the turns' flushes: a write made in the current turn is unflushed while this has not moved. */
    private long turn;

    /** {@code afterIO}: the event loop, which runs a task it is given once the I/O of its current turn is done. */
    Flushes(Executor afterIO) {
        this.afterIO = afterIO;
    }

    /** Called by the last handler of a connection when a read hands it a message. */
    void readStarted() {
        reading = true;
    }

    /** Called when that read is complete: what it wrote leaves once the loop's turn has read everything ready. */
    void readEnded() {
        reading = false;
        if (!pending.isEmpty() && !scheduled) {
            scheduled = true;
            afterIO.execute(flushAll);
        }
    }

    /** The task of the turn's end. */
    private void flushAll() {
        scheduled = false;
        turn++;
        for (int i = 0, n = pending.size(); i < n; i++) {
            pending.get(i).flush();
        }
        pending.clear();
    }

    long turn() {
        return turn;
    }

    void write(Channel channel, Object msg) {
        channel.write(msg, channel.voidPromise());
        if (!reading) {
            channel.flush();
        } else if (!isPending(channel)) {
            pending.add(channel);
        }
    }

    /** Searched from the newest: a response's head and body parts come one after the other. */
    private boolean isPending(Channel channel) {
        for (int i = pending.size() - 1; i >= 0; i--) {
            if (pending.get(i) == channel) {
                return true;
            }
        }
        return false;
    }
}
