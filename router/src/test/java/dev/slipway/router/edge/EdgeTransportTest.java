package dev.slipway.router.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.netty.channel.socket.nio.NioServerSocketChannel;
import org.junit.jupiter.api.Test;

/** Which socket layer the edge gets: the native one must load where its library is shipped. */
class EdgeTransportTest {

    @Test
    void linuxOnX86GetsEpoll() {
        assumeTrue(System.getProperty("os.name").equals("Linux") && System.getProperty("os.arch").equals("amd64"));
        EdgeTransport transport = EdgeTransport.choose(true);
        assertTrue(transport.isNative(), () -> "epoll did not load: " + EdgeTransport.nativeUnavailabilityCause());
        assertEquals("epoll", transport.name());
    }

    @Test
    void switchedOffItIsNio() {
        EdgeTransport transport = EdgeTransport.choose(false);
        assertFalse(transport.isNative());
        assertEquals(NioServerSocketChannel.class, transport.serverChannel());
    }
}
