package dev.slipway.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

// Real: Jackson and the JSON fixtures under src/test/resources/fixtures. Faked: nothing.
class EventCodecTest {

    @TestFactory
    Iterable<DynamicTest> every_event_round_trips() {
        return Samples.ALL.stream().map(event -> DynamicTest.dynamicTest(event.getClass().getSimpleName(), () -> {
            EventEnvelope envelope = Samples.envelope(event);
            assertEquals(envelope, EventCodec.fromJson(EventCodec.toJson(envelope)));
        })).toList();
    }

    @TestFactory
    Iterable<DynamicTest> every_fixture_decodes_to_its_sample() {
        return Samples.ALL.stream().map(event -> DynamicTest.dynamicTest(event.getClass().getSimpleName(), () -> {
            String fixture = fixture(event.getClass().getSimpleName());
            assertEquals(Samples.envelope(event), EventCodec.fromJson(fixture));
        })).toList();
    }

    @Test
    void every_event_type_has_a_sample() {
        Set<String> permitted = Arrays.stream(Event.class.getPermittedSubclasses())
                .map(Class::getSimpleName).collect(Collectors.toSet());
        Set<String> sampled = Samples.ALL.stream().map(e -> e.getClass().getSimpleName()).collect(Collectors.toSet());
        assertEquals(permitted, sampled);
    }

    @Test
    void unknown_payload_fields_are_ignored_so_producers_can_add_fields_first() {
        String json = fixture("DomainAdded").replace("\"hostname\"", "\"addedLater\":1,\"hostname\"");
        assertEquals(Samples.envelope(Samples.ALL.get(4)), EventCodec.fromJson(json));
    }

    @Test
    void an_api_key_issued_before_expiry_existed_decodes_as_never_expiring() {
        EventEnvelope old = EventCodec.fromJson(fixture("ApiKeyIssued.v1-without-expiry"));
        assertEquals(new ApiKeyIssued(Samples.ACCOUNT, "admin@slipway.local", "ab12", true), old.payload());
        assertNull(((ApiKeyIssued) old.payload()).expiresAt());
    }

    @Test
    void a_slug_and_a_release_from_before_runtime_layers_decode_with_none() {
        SlugBuilt slug = (SlugBuilt) EventCodec.fromJson(fixture("SlugBuilt.v1-without-layers")).payload();
        assertEquals(List.of(), slug.layers());
        assertEquals(Samples.SLUG, slug.slugId());
        ReleaseCreated release = (ReleaseCreated) EventCodec.fromJson(fixture("ReleaseCreated.v1-without-layers")).payload();
        assertEquals(List.of(), release.layers());
        assertTrue(release.pending());
    }

    @Test
    void unknown_type_and_schema_version_are_refused() {
        String fixture = fixture("DomainAdded");
        assertThrows(EventCodec.UnknownEventException.class,
                () -> EventCodec.fromJson(fixture.replace("\"type\":\"DomainAdded\"", "\"type\":\"Nope\"")));
        assertThrows(EventCodec.UnknownEventException.class,
                () -> EventCodec.fromJson(fixture.replace("\"schemaVersion\":1", "\"schemaVersion\":2")));
    }

    @TestFactory
    Iterable<DynamicTest> anything_that_is_not_an_envelope_is_one_kind_of_refusal() {
        String fixture = fixture("DomainAdded");
        List<String> bad = List.of(
                "", "{", "not json", "[1,2]", "42", "null", "{}",
                fixture.replace("\"eventId\":\"", "\"eventId\":\"x"),
                fixture.replace("\"occurredAt\":\"", "\"occurredAt\":\"yesterday "),
                fixture.replace("\"appId\":\"", "\"appId\":\"not-a-uuid"),
                fixture.replaceAll("\"payload\":\\{.*}}", "\"payload\":null}"),
                fixture.replaceAll("\"payload\":\\{.*}}", "\"payload\":\"text\"}"),
                fixture.replace("\"hostname\":\"", "\"hostname\":{\"a\":1},\"x\":\""),
                fixture.substring(0, fixture.length() / 2));
        return bad.stream().map(json -> DynamicTest.dynamicTest("[" + (json.length() > 60 ? json.substring(0, 60) : json) + "]",
                () -> assertThrows(EventCodec.MalformedEventException.class, () -> EventCodec.fromJson(json)))).toList();
    }

    @Test
    void every_event_has_a_topic_and_the_topic_an_owner() {
        Samples.ALL.forEach(event -> {
            assertNotNull(Topics.of(event));
            assertTrue(Topics.owns(Topics.producerOf(event), Topics.of(event)), event.toString());
        });
        Topics.ALL.forEach(topic -> assertFalse(Topics.owners(topic).isEmpty(), topic));
    }

    @Test
    void only_a_topics_owner_may_write_it() {
        assertTrue(Topics.owns("config-service", Topics.CONFIG));
        assertFalse(Topics.owns("dyno-manager", Topics.CONFIG));
        assertFalse(Topics.owns("test", Topics.CONFIG));
        assertFalse(Topics.owns(null, Topics.CONFIG));
        assertTrue(Topics.owns("dyno-manager", Topics.DYNOS));
        assertFalse(Topics.owns("router", Topics.DYNOS));
        assertTrue(Topics.owns("router", Topics.LOGS));
        assertTrue(Topics.owns("dyno-manager", Topics.LOGS));
        assertTrue(Topics.owns("router", Topics.METRICS));
        assertTrue(Topics.owns("dyno-manager", Topics.METRICS));
        assertFalse(Topics.owns("config-service", Topics.METRICS));
        assertEquals("router", Topics.producerOf(Samples.ALL.stream()
                .filter(RouterMetricsAggregated.class::isInstance).findFirst().orElseThrow()));
        assertEquals("dyno-manager", Topics.producerOf(Samples.ALL.stream()
                .filter(DynoMetricsSampled.class::isInstance).findFirst().orElseThrow()));
        assertFalse(Topics.owns("builder-service", "slipway.unknown"));
        // the dead letters carry no envelopes: no producer name makes one valid there
        assertFalse(Topics.owns("release-service", Topics.DEAD_LETTERS));
        assertFalse(Topics.EVENT_TOPICS.contains(Topics.DEAD_LETTERS));
    }

    private static String fixture(String type) {
        try (InputStream in = EventCodecTest.class.getResourceAsStream("/fixtures/" + type + ".json")) {
            assertNotNull(in, "no fixture for " + type);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
