package dev.slipway.router.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slipway.events.EventCodec;
import dev.slipway.events.LogLine;
import dev.slipway.events.Topics;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Router lines reaching the app's log stream. Real: the router on PostgreSQL and Kafka from
 * devstack (outbox, relay, topic {@code slipway.logs}), HTTP on loopback. Faked: the dyno
 * (FakeDyno) and the events of config-service and dyno-manager.
 */
@QuarkusTest
@RouterTestResources
class RouterLogsTest {

    @Inject
    EdgeServer edge;

    private FakeDyno dyno;

    @AfterEach
    void stop() {
        if (dyno != null) {
            dyno.close();
        }
    }

    @Test
    void everyAppRequestBecomesALogLine() throws Exception {
        dyno = new FakeDyno("logged", 0);
        AppRoutingTest.TestApp app = AppRoutingTest.newApp("logs");
        app.up("web.1", dyno.port());
        Platform.await("the dyno", () -> RawHttp.get(edge.port(), app.host(), "/").status() == 200);
        RawHttp.get(edge.port(), app.host(), "/logged-path?x=1");

        List<LogLine> lines = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = consumer()) {
            consumer.subscribe(Set.of(Topics.LOGS));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (lines.stream().noneMatch(l -> l.message().contains("/logged-path")) && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                    if (r.key().equals(app.id().toString())
                            && EventCodec.fromJson(r.value()).payload() instanceof LogLine line) {
                        lines.add(line);
                    }
                }
            }
        }
        LogLine line = lines.stream().filter(l -> l.message().contains("/logged-path")).findFirst()
                .orElseThrow(() -> new AssertionError("no router line in " + lines));
        assertEquals("heroku", line.source());
        assertEquals("router", line.process());
        assertTrue(line.message().startsWith("at=info method=GET path=\"/logged-path?x=1\" host=" + app.host()),
                line.message());
        assertTrue(line.message().contains("dyno=web.1") && line.message().contains("status=200"), line.message());
    }

    private static KafkaConsumer<String, String> consumer() {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class));
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "router-test-" + UUID.randomUUID());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        return new KafkaConsumer<>(p);
    }
}
