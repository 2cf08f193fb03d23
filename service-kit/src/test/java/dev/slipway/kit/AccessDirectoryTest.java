package dev.slipway.kit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slipway.events.ApiKeyIssued;
import dev.slipway.events.ApiKeyRevoked;
import dev.slipway.events.AppCreated;
import dev.slipway.events.AppDeleted;
import dev.slipway.events.CollaboratorAdded;
import dev.slipway.events.CollaboratorRemoved;
import dev.slipway.events.Event;
import dev.slipway.events.EventCodec;
import dev.slipway.events.EventEnvelope;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Who the replicated access check lets in: owners, collaborators, admins; not strangers, revoked or
 * expired keys. Real: PostgreSQL from devstack, the kit's migrations, the consumer's apply path (the
 * events are handed to it as Kafka would, without the broker hop). Faked: nothing.
 */
class AccessDirectoryTest {
    private Db db;
    private EventConsumerLoop loop;
    private AccessGuard guard;
    private final UUID owner = UUID.randomUUID();
    private final UUID friend = UUID.randomUUID();
    private final UUID stranger = UUID.randomUUID();
    private final UUID app = UUID.randomUUID();
    private final String name = "acc-" + app.toString().substring(0, 8);

    @BeforeEach
    void start() {
        db = new Db(KitDatabase.fresh());
        loop = new EventConsumerLoop(db, List.of(new AccessDirectory()), KitDatabase.bootstrapServers(),
                "unused-" + UUID.randomUUID());
        guard = new AccessGuard(db);
        apply(new ApiKeyIssued(owner, "owner@example.com", ApiKeys.hash("owner-key"), false));
        apply(new ApiKeyIssued(friend, "friend@example.com", ApiKeys.hash("friend-key"), false));
        apply(new ApiKeyIssued(stranger, "stranger@example.com", ApiKeys.hash("stranger-key"), false));
        apply(new AppCreated(app, name, owner, "owner@example.com", Instant.now()));
    }

    @AfterEach
    void stop() {
        loop.close();
    }

    @Test
    void collaborators_get_in_until_removed() {
        assertEquals(app, guard.authorize("Bearer owner-key", name).id());
        assertForbidden("friend-key");
        UUID collaboratorId = UUID.randomUUID();
        apply(new CollaboratorAdded(app, collaboratorId, friend, "friend@example.com"));
        assertEquals(app, guard.authorize("Bearer friend-key", name).id());
        assertEquals(app, guard.authorize("Bearer friend-key", app.toString()).id());
        assertForbidden("stranger-key");

        apply(new CollaboratorRemoved(app, collaboratorId, friend, "friend@example.com"));
        assertForbidden("friend-key");
    }

    @Test
    void a_deleted_app_forgets_its_collaborators() {
        apply(new CollaboratorAdded(app, UUID.randomUUID(), friend, "friend@example.com"));
        apply(new AppDeleted(app, name));
        apply(new AppCreated(app, name, owner, "owner@example.com", Instant.now()));
        assertForbidden("friend-key");
    }

    @Test
    void revoked_and_expired_keys_are_401() {
        apply(new ApiKeyRevoked(owner, ApiKeys.hash("owner-key")));
        assertEquals(401, assertThrows(HerokuError.class, () -> guard.authenticate("Bearer owner-key")).status());

        UUID temp = UUID.randomUUID();
        apply(new ApiKeyIssued(temp, "temp@example.com", ApiKeys.hash("short-key"), false, Instant.now().plusSeconds(1)));
        assertEquals(temp, guard.authenticate("Bearer short-key").accountId());
        apply(new ApiKeyIssued(temp, "temp@example.com", ApiKeys.hash("old-key"), false, Instant.now().minusSeconds(1)));
        assertEquals(401, assertThrows(HerokuError.class, () -> guard.authenticate("Bearer old-key")).status());
    }

    @Test
    void unknown_apps_are_404_before_anything_else() {
        HerokuError e = assertThrows(HerokuError.class, () -> guard.authorize("Bearer stranger-key", "no-such-app"));
        assertEquals(404, e.status());
        assertEquals("not_found", e.id());
    }

    private void assertForbidden(String key) {
        HerokuError e = assertThrows(HerokuError.class, () -> guard.authorize("Bearer " + key, name));
        assertEquals(403, e.status());
        assertTrue(e.getMessage().contains(name));
    }

    private void apply(Event event) {
        loop.apply(EventCodec.toJson(EventEnvelope.wrap(event, "config-service")));
    }
}
