package dev.slipway.router.edge;

import java.io.IOException;
import org.jboss.logging.Logger;

/**
 * The trace a connection leaves when it closes on an error. A reset or a broken pipe is routine
 * (a client went away, a dyno died) and logged at DEBUG; anything else is a fault in the router
 * or a peer, and logged at WARN with its stack, so that a cut response has a cause to read.
 */
final class ConnectionFaults {
    private static final Logger LOG = Logger.getLogger(ConnectionFaults.class);

    private ConnectionFaults() {}

    /** A reset, a broken pipe, a timeout of the socket: the bytes before it were fine. */
    static boolean isPlainIo(Throwable cause) {
        return cause instanceof IOException;
    }

    /** Closes a client connection without flushing what is queued for it, and says why. */
    static void cutUnflushed(io.netty.channel.Channel client, String why) {
        LOG.warnf("client connection from %s closed without flushing: %s", client.remoteAddress(), why);
        client.close();
    }

    /** {@code connection}: which one, for the reader, e.g. "client connection from 10.0.0.1". */
    static void closedOn(String connection, Throwable cause) {
        if (cause instanceof IOException) {
            LOG.debugf("%s closed: %s", connection, cause);
        } else {
            LOG.warnf(cause, "%s closed on an error", connection);
        }
    }
}
