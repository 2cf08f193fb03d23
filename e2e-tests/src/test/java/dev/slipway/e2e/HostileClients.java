package dev.slipway.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPOutputStream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/** What an internet client or a stranger on the host sends: raw sockets, a plain Kafka client, a gzip bomb. */
final class HostileClients {
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private HostileClients() {}

    record Answer(int status, String body) {}

    /** A producer with no credentials tries to write a forged admin key to the config topic. */
    static boolean unauthenticatedProducerIsRefused(String bootstrapServers) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "10000");
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "15000");
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p)) {
            producer.send(new ProducerRecord<>("slipway.config", "forged",
                    "{\"type\":\"ApiKeyIssued\",\"producer\":\"config-service\",\"payload\":{\"admin\":true}}"))
                    .get(30, TimeUnit.SECONDS);
            return false;
        } catch (Exception refused) {
            return true;
        }
    }

    /** This host's IPv4 addresses other than loopback: where a LAN neighbour would knock. */
    static List<String> hostAddresses() {
        List<String> out = new ArrayList<>();
        try {
            for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (nic.isUp() && !nic.isLoopback()) {
                    nic.inetAddresses().filter(a -> a instanceof Inet4Address).forEach(a -> out.add(a.getHostAddress()));
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out;
    }

    static boolean connects(String address, int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(address, port), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    static int status(String url) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (Exception e) {
            return -1;
        }
    }

    static String get(String url) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20)).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
        } catch (Exception e) {
            return "";
        }
    }

    /** A receive-pack POST whose gzipped body would inflate to 1 GiB of zeros. */
    static Answer gzipBombPush(String routerUrl, String app, String key) throws IOException {
        var gzipped = new java.io.ByteArrayOutputStream();
        try (OutputStream gz = new GZIPOutputStream(gzipped)) {
            byte[] zeros = new byte[1 << 20];
            for (int i = 0; i < 1024; i++) {
                gz.write(zeros);
            }
        }
        HttpRequest request = HttpRequest.newBuilder(URI.create(routerUrl + "/" + app + ".git/git-receive-pack"))
                .timeout(Duration.ofSeconds(120))
                .header("Authorization", "Basic " + Base64.getEncoder()
                        .encodeToString(("heroku:" + key).getBytes(StandardCharsets.UTF_8)))
                .header("Content-Type", "application/x-git-receive-pack-request")
                .header("Content-Encoding", "gzip")
                .POST(HttpRequest.BodyPublishers.ofByteArray(gzipped.toByteArray())).build();
        try {
            HttpResponse<byte[]> response = HTTP.send(request, HttpResponse.BodyHandlers.ofByteArray());
            return new Answer(response.statusCode(), new String(response.body(), StandardCharsets.ISO_8859_1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    /** Connections that each send one header line of {@code bytes} and never end the head. */
    static HeadFlood floodHeads(String routerUrl, int connections, int bytes) {
        URI uri = URI.create(routerUrl);
        return new HeadFlood(uri.getHost(), uri.getPort(), connections, bytes);
    }

    static final class HeadFlood implements AutoCloseable {
        private final ExecutorService senders = Executors.newVirtualThreadPerTaskExecutor();
        private final List<Socket> sockets = Collections.synchronizedList(new ArrayList<>());
        private final AtomicInteger refusedOrCut = new AtomicInteger();

        HeadFlood(String host, int port, int connections, int bytes) {
            for (int i = 0; i < connections; i++) {
                senders.submit(() -> send(host, port, bytes));
            }
        }

        private void send(String host, int port, int bytes) {
            try (Socket s = new Socket(host, port)) {
                sockets.add(s);
                s.setSoTimeout(60_000);
                OutputStream out = s.getOutputStream();
                out.write("GET / HTTP/1.1\r\nHost: bystander.localhost\r\nX-Flood: ".getBytes(StandardCharsets.US_ASCII));
                byte[] chunk = "a".repeat(64 * 1024).getBytes(StandardCharsets.US_ASCII);
                for (int sent = 0; sent < bytes; sent += chunk.length) {
                    out.write(chunk);
                }
                InputStream in = s.getInputStream();
                in.read();
                refusedOrCut.incrementAndGet();
            } catch (IOException e) {
                // the router answered and hung up while we were still sending: a refusal too
                refusedOrCut.incrementAndGet();
            }
        }

        int refusedOrCut() {
            return refusedOrCut.get();
        }

        @Override
        public void close() throws InterruptedException {
            senders.shutdown();
            if (!senders.awaitTermination(90, TimeUnit.SECONDS)) {
                synchronized (sockets) {
                    sockets.forEach(s -> {
                        try {
                            s.close();
                        } catch (IOException ignored) {
                            // closing what the router may have closed already
                        }
                    });
                }
                senders.shutdownNow();
            }
        }
    }
}
