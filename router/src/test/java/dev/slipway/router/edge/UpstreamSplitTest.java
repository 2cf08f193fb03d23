package dev.slipway.router.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelOption;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The read split that corrupted a proxied stream in CI (issue 14): a chunked log stream from a
 * service arriving as {@code ...Buil} | {@code d started...\r\n0} | {@code \r\n\r\n}, with the body
 * parts of a read kept unreleased across the next read, as the edge's deferred flush keeps them.
 * Real: Netty's HTTP client codec (the edge's upstream decoding path, with the edge's limits) and
 * its pooled allocator, on an {@code EmbeddedChannel}. Faked: the service (the bytes are the test's).
 */
class UpstreamSplitTest {
    private static final String LINE = "2026-12-04T10:00:00.000000+00:00 app[api]: Build started by someone@example.com\n";
    private static final String HEAD = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\n\r\n";

    private static List<String> reads() {
        String wire = HEAD + Integer.toHexString(LINE.length()) + "\r\n" + LINE + "\r\n0\r\n\r\n";
        int afterBuil = wire.indexOf("Buil") + 4;
        int afterZero = wire.indexOf("\r\n0\r\n") + 3;
        return List.of(wire.substring(0, afterBuil), wire.substring(afterBuil, afterZero), wire.substring(afterZero));
    }

    private static EmbeddedChannel upstream(ByteBufAllocator allocator) {
        EmbeddedChannel channel = new EmbeddedChannel();
        channel.config().setOption(ChannelOption.ALLOCATOR, allocator);
        channel.pipeline().addLast("http", new HttpClientCodec(HeadLimits.MAX_LINE, HeadLimits.MAX_HEAD,
                HeadLimits.MAX_BODY_PART));
        // the codec answers a response by the request it sent
        channel.writeOutbound(new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/streams/logs"));
        ((ByteBuf) channel.readOutbound()).release();
        return channel;
    }

    @Test
    void theSplitArrivesByteForByteWithTheReadsPartsHeldAcrossTheNextRead() {
        EmbeddedChannel channel = upstream(channelAllocator());
        List<Object> held = new ArrayList<>();
        for (String read : reads()) {
            channel.writeInbound(channel.alloc().buffer().writeBytes(read.getBytes(StandardCharsets.US_ASCII)));
            // held, unreleased, while the next read is decoded: the deferred flush does this
            for (Object msg; (msg = channel.readInbound()) != null; ) {
                held.add(msg);
            }
        }
        assertInstanceOf(HttpResponse.class, held.get(0));
        StringBuilder body = new StringBuilder();
        for (Object msg : held.subList(1, held.size())) {
            HttpContent part = (HttpContent) msg;
            assertFalse(part.decoderResult().isFailure(), part.decoderResult().toString());
            body.append(part.content().toString(StandardCharsets.US_ASCII));
        }
        assertInstanceOf(LastHttpContent.class, held.get(held.size() - 1));
        assertEquals(LINE, body.toString(), "byte for byte");
        held.forEach(m -> io.netty.util.ReferenceCountUtil.release(m));
        assertFalse(channel.finish());
    }

    @Test
    void aReleaseThatThrowsInTheCodecNeverYieldsAChangedByte() {
        for (int every = 1; every <= 4; every++) {
            FaultInjectingAllocator allocator = new FaultInjectingAllocator();
            EmbeddedChannel channel = upstream(allocator);
            allocator.failEvery(every);
            List<HttpContent> held = new ArrayList<>();
            boolean faulted = false;
            for (String read : reads()) {
                if (faulted) {
                    break;
                }
                try {
                    channel.writeInbound(channel.alloc().buffer().writeBytes(read.getBytes(StandardCharsets.US_ASCII)));
                } catch (RuntimeException e) {
                    faulted = true;
                }
                for (Object msg; (msg = channel.readInbound()) != null; ) {
                    if (msg instanceof HttpContent part) {
                        held.add(part);
                    }
                }
            }
            StringBuilder body = new StringBuilder();
            for (HttpContent part : held) {
                if (part.refCnt() > 0) {
                    body.append(part.content().toString(StandardCharsets.US_ASCII));
                }
            }
            assertTrue(LINE.startsWith(body.toString()), "every " + every + ": what was handed on is a prefix of the line, not a changed byte: " + body);
            allocator.failEvery(0);
            held.forEach(p -> { if (p.refCnt() > 0) p.release(); });
            channel.finishAndReleaseAll();
        }
    }

    private static ByteBufAllocator channelAllocator() {
        return new EdgeAllocator().allocator();
    }
}
