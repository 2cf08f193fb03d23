package dev.slipway.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;

/**
 * An open-loop HTTP/1.1 load generator: a fixed request rate over keep-alive connections, each
 * request's latency measured from its intended send time (see {@link Pacer}), into an
 * HdrHistogram. One thread, one selector, no pipelining.
 *
 * <pre>
 * java -cp ... dev.slipway.bench.OpenLoopLoad targets=127.0.0.1:8081,127.0.0.1:8082 host=bench.localhost \
 *     rate=10000 connections=32 warmup=5 duration=20 [path=/]
 * </pre>
 *
 * Prints one line: {@code requests=N errors=N non2xx=N all-requests=N achieved-rps=N p50-us=N p99-us=N p999-us=N max-us=N}.
 * Errors are connections that failed or closed with a request in flight (it is re-opened).
 */
public final class OpenLoopLoad {

    public static void main(String[] args) throws IOException {
        Map<String, String> opts = new HashMap<>();
        for (String a : args) {
            int eq = a.indexOf('=');
            if (eq < 0) {
                throw new IllegalArgumentException("arguments are key=value: " + a);
            }
            opts.put(a.substring(0, eq), a.substring(eq + 1));
        }
        List<InetSocketAddress> targets = new ArrayList<>();
        for (String t : opts.getOrDefault("targets", "127.0.0.1:8080").split(",")) {
            int colon = t.lastIndexOf(':');
            targets.add(new InetSocketAddress(t.substring(0, colon), Integer.parseInt(t.substring(colon + 1))));
        }
        Result r = run(targets, opts.getOrDefault("host", "localhost"), opts.getOrDefault("path", "/"),
                Double.parseDouble(opts.getOrDefault("rate", "1000")),
                Integer.parseInt(opts.getOrDefault("connections", "16")),
                Integer.parseInt(opts.getOrDefault("warmup", "5")),
                Integer.parseInt(opts.getOrDefault("duration", "10")));
        System.out.println(r.line());
    }

    record Result(long requests, long errors, long non2xx, long allRequests, double achievedRps, Histogram latency) {
        String line() {
            return String.format("requests=%d errors=%d non2xx=%d all-requests=%d achieved-rps=%.0f p50-us=%d p99-us=%d"
                            + " p999-us=%d max-us=%d",
                    requests, errors, non2xx, allRequests, achievedRps, latency.getValueAtPercentile(50),
                    latency.getValueAtPercentile(99), latency.getValueAtPercentile(99.9), latency.getMaxValue());
        }
    }

    static Result run(List<InetSocketAddress> targets, String host, String path, double rate, int connections,
                      int warmupSeconds, int durationSeconds) throws IOException {
        byte[] request = ("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nUser-Agent: slipway-loadgen\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        Histogram latency = new Histogram(TimeUnit.MINUTES.toMicros(10), 3);
        long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(200);
        long measureFrom = start + TimeUnit.SECONDS.toNanos(warmupSeconds);
        long end = measureFrom + TimeUnit.SECONDS.toNanos(durationSeconds);
        try (Selector selector = Selector.open()) {
            List<Conn> conns = new ArrayList<>();
            for (int i = 0; i < connections; i++) {
                Conn c = new Conn(targets.get(i % targets.size()), new Pacer(start, rate, connections, i), request);
                c.open(selector);
                conns.add(c);
            }
            // requests, errors, non2xx (measured window only); answers including the warm-up
            long[] counts = new long[4];
            while (true) {
                long now = System.nanoTime();
                if (now - end >= 0) {
                    break;
                }
                long nextDue = Long.MAX_VALUE;
                for (Conn c : conns) {
                    if (c.idle() && c.pacer.due(now)) {
                        c.send(c.pacer.take(), selector, counts, measureFrom);
                    }
                    if (c.idle()) {
                        nextDue = Math.min(nextDue, c.pacer.nextIntended() - now);
                    }
                }
                if (nextDue >= TimeUnit.MILLISECONDS.toNanos(2)) {
                    selector.select(Math.max(1, TimeUnit.NANOSECONDS.toMillis(nextDue) - 1));
                } else if (selector.selectNow() == 0 && nextDue > 0) {
                    LockSupport.parkNanos(Math.min(nextDue, 20_000));
                    selector.selectNow();
                }
                long answered = System.nanoTime();
                for (SelectionKey key : selector.selectedKeys()) {
                    ((Conn) key.attachment()).ready(key, answered, selector, latency, counts, measureFrom);
                }
                selector.selectedKeys().clear();
            }
            conns.forEach(Conn::close);
            double seconds = durationSeconds;
            return new Result(counts[0], counts[1], counts[2], counts[3], counts[0] / seconds, latency);
        }
    }

    /** One keep-alive connection and the request it has in flight. */
    private static final class Conn {
        private final InetSocketAddress target;
        private final Pacer pacer;
        private final ByteBuffer request;
        private final ByteBuffer in = ByteBuffer.allocateDirect(256 * 1024);
        private SocketChannel channel;
        private SelectionKey key;
        private boolean connected;
        private boolean inFlight;
        private long intended;

        Conn(InetSocketAddress target, Pacer pacer, byte[] request) {
            this.target = target;
            this.pacer = pacer;
            this.request = ByteBuffer.wrap(request);
        }

        boolean idle() {
            return connected && !inFlight;
        }

        void open(Selector selector) throws IOException {
            channel = SocketChannel.open();
            channel.configureBlocking(false);
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            connected = channel.connect(target);
            key = channel.register(selector, connected ? SelectionKey.OP_READ : SelectionKey.OP_CONNECT, this);
            in.clear();
        }

        void send(long intendedNanos, Selector selector, long[] counts, long measureFrom) {
            intended = intendedNanos;
            inFlight = true;
            request.rewind();
            try {
                channel.write(request);
                key.interestOps(request.hasRemaining() ? SelectionKey.OP_READ | SelectionKey.OP_WRITE : SelectionKey.OP_READ);
            } catch (IOException e) {
                failed(selector, counts, measureFrom);
            }
        }

        void ready(SelectionKey k, long now, Selector selector, Histogram latency, long[] counts, long measureFrom) {
            try {
                if (k.isValid() && k.isConnectable()) {
                    channel.finishConnect();
                    connected = true;
                    k.interestOps(SelectionKey.OP_READ);
                    return;
                }
                if (k.isValid() && k.isWritable()) {
                    channel.write(request);
                    if (!request.hasRemaining()) {
                        k.interestOps(SelectionKey.OP_READ);
                    }
                }
                if (k.isValid() && k.isReadable()) {
                    if (channel.read(in) < 0) {
                        failed(selector, counts, measureFrom);
                        return;
                    }
                    in.flip();
                    int status = ResponseParser.parse(in);
                    if (status == ResponseParser.MALFORMED) {
                        failed(selector, counts, measureFrom);
                        return;
                    }
                    if (status != ResponseParser.INCOMPLETE && inFlight) {
                        inFlight = false;
                        counts[3]++;
                        if (intended - measureFrom >= 0) {
                            counts[0]++;
                            if (status < 200 || status > 299) {
                                counts[2]++;
                            }
                            latency.recordValue(Pacer.latencyMicros(intended, now));
                        }
                    }
                    in.compact();
                }
            } catch (IOException e) {
                failed(selector, counts, measureFrom);
            }
        }

        /** The connection broke: count the request in flight as an error and open a new one. */
        private void failed(Selector selector, long[] counts, long measureFrom) {
            if (inFlight && intended - measureFrom >= 0) {
                counts[1]++;
            }
            inFlight = false;
            close();
            try {
                open(selector);
            } catch (IOException e) {
                connected = false;
            }
        }

        void close() {
            try {
                channel.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
    }
}
