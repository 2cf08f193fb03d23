package dev.slipway.config;

import static dev.slipway.config.Api.admin;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.slipway.devstack.ServiceTestResource;
import dev.slipway.events.CollaboratorAdded;
import dev.slipway.events.CollaboratorRemoved;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Collaborators through the real HTTP API: who may list, add and remove them, what a collaborator
 * may do with the app, and the events read back from the real topic. Real PostgreSQL and Kafka from
 * devstack; nothing is faked.
 */
@QuarkusTest
@QuarkusTestResource(value = ServiceTestResource.class, initArgs = @ResourceArg(name = "service", value = "config"))
class CollaboratorsTest {

    @BeforeAll
    static void listen() {
        ConfigTopic.start();
    }

    @Test
    void theOwnerSharesTheAppAndTheCollaboratorMayUseButNotOwnIt() {
        String ownerEmail = Api.uniqueName("owner") + "@example.com";
        String owner = Api.newUserKey(ownerEmail);
        String friendEmail = Api.uniqueName("friend") + "@example.com";
        String friend = Api.newUserKey(friendEmail);
        String stranger = Api.newUserKey(Api.uniqueName("stranger") + "@example.com");
        String app = Api.uniqueName("shared");
        UUID appId = UUID.fromString(Api.createApp(owner, app));

        Api.as(owner).get("/apps/" + app + "/collaborators").then().statusCode(200)
                .body("user.email", equalTo(List.of(ownerEmail))).body("role", equalTo(List.of("owner")));
        Api.as(friend).get("/apps/" + app).then().statusCode(403).body("id", equalTo("forbidden"));

        String collaboratorId = Api.as(owner).body(Map.of("user", friendEmail.toUpperCase()))
                .post("/apps/" + app + "/collaborators").then().statusCode(201)
                .body("user.email", equalTo(friendEmail)).body("role", equalTo("collaborator"))
                .body("app.name", equalTo(app)).body("$", not(org.hamcrest.Matchers.hasKey("permissions")))
                .extract().path("id");
        // ordered by email, as Range's default field says
        Api.as(owner).get("/apps/" + app + "/collaborators").then().statusCode(200)
                .body("user.email", equalTo(List.of(friendEmail, ownerEmail)))
                .body("role", equalTo(List.of("collaborator", "owner")));
        Api.as(owner).get("/apps/" + app + "/collaborators/" + friendEmail).then().statusCode(200)
                .body("id", equalTo(collaboratorId));

        // what a collaborator may do
        Api.as(friend).get("/apps/" + app).then().statusCode(200).body("owner.email", equalTo(ownerEmail));
        Api.as(friend).get("/users/~/apps").then().statusCode(200).body("name", hasItem(app));
        Api.as(friend).get("/apps").then().statusCode(200).body("name", hasItem(app));
        Api.as(friend).body(Map.of("maintenance", true)).patch("/apps/" + app).then().statusCode(200)
                .body("maintenance", equalTo(true));
        Api.as(friend).body(Map.of("A", "1")).patch("/apps/" + app + "/config-vars").then().statusCode(200);
        Api.as(friend).get("/apps/" + app + "/collaborators").then().statusCode(200);
        // and what only the owner may
        Api.as(friend).body(Map.of("name", app + "-x")).patch("/apps/" + app).then().statusCode(403)
                .body("id", equalTo("forbidden")).body("message", equalTo("Only the owner of " + app + " can rename it."));
        Api.as(friend).delete("/apps/" + app).then().statusCode(403).body("id", equalTo("forbidden"));
        Api.as(friend).body(Map.of("user", ownerEmail)).post("/apps/" + app + "/collaborators").then().statusCode(403);
        // a stranger gets nothing
        Api.as(stranger).get("/apps/" + app + "/collaborators").then().statusCode(403).body("id", equalTo("forbidden"));
        Api.as(stranger).delete("/apps/" + app + "/collaborators/" + friendEmail).then().statusCode(403);
        Api.as(stranger).get("/apps/" + app + "/features").then().statusCode(403);

        Api.as(owner).delete("/apps/" + app + "/collaborators/" + friendEmail).then().statusCode(200)
                .body("user.email", equalTo(friendEmail));
        Api.as(friend).get("/apps/" + app).then().statusCode(403);
        Api.as(friend).get("/users/~/apps").then().statusCode(200).body("name", not(hasItem(app)));

        List<CollaboratorAdded> added = ConfigTopic.await(CollaboratorAdded.class, e -> e.appId().equals(appId), 1);
        assertEquals(1, added.size());
        assertEquals(friendEmail, added.getFirst().email());
        assertEquals(collaboratorId, added.getFirst().collaboratorId().toString());
        assertEquals(1, ConfigTopic.await(CollaboratorRemoved.class, e -> e.appId().equals(appId), 1).size());
    }

    @Test
    void aCollaboratorMayLeave() {
        String owner = Api.newUserKey(Api.uniqueName("owner") + "@example.com");
        String friendEmail = Api.uniqueName("leaver") + "@example.com";
        String friend = Api.newUserKey(friendEmail);
        String app = Api.uniqueName("leave");
        Api.createApp(owner, app);
        Api.as(owner).body(Map.of("user", friendEmail)).post("/apps/" + app + "/collaborators").then().statusCode(201);
        Api.as(friend).delete("/apps/" + app + "/collaborators/" + friendEmail).then().statusCode(200);
        Api.as(friend).get("/apps/" + app).then().statusCode(403);
    }

    @Test
    void badAdditionsAndRemovals() {
        String ownerEmail = Api.uniqueName("owner") + "@example.com";
        String owner = Api.newUserKey(ownerEmail);
        String friendEmail = Api.uniqueName("twice") + "@example.com";
        Api.newUserKey(friendEmail);
        String app = Api.uniqueName("bad-collab");
        Api.createApp(owner, app);
        String path = "/apps/" + app + "/collaborators";

        Api.as(owner).body(Map.of("user", "nobody-" + UUID.randomUUID() + "@example.com")).post(path).then()
                .statusCode(404).body("id", equalTo("not_found")).body("message", equalTo("Couldn't find that user."));
        Api.as(owner).body(Map.of("user", ownerEmail)).post(path).then().statusCode(422).body("id", equalTo("invalid_params"));
        Api.as(owner).body("{}").post(path).then().statusCode(422).body("id", equalTo("invalid_params"));
        Api.as(owner).body(Map.of("user", 7)).post(path).then().statusCode(422);
        Api.as(owner).body("{oops").post(path).then().statusCode(400).body("id", equalTo("bad_request"));
        Api.as(owner).body(Map.of("user", friendEmail)).post(path).then().statusCode(201);
        Api.as(owner).body(Map.of("user", friendEmail)).post(path).then().statusCode(422)
                .body("message", equalTo(friendEmail + " is already a collaborator on " + app + "."));

        Api.as(owner).delete(path + "/someone-else@example.com").then().statusCode(404).body("id", equalTo("not_found"));
        Api.as(owner).delete(path + "/" + ownerEmail).then().statusCode(422);
        Api.as(owner).get("/apps/no-such-app-" + UUID.randomUUID().toString().substring(0, 8) + "/collaborators")
                .then().statusCode(404).body("message", equalTo("Couldn't find that app."));
        Api.as("wrong-key").get(path).then().statusCode(401).body("id", equalTo("unauthorized"));
    }

    @Test
    void aDestroyedAppTakesItsCollaboratorsAlong() {
        String friendEmail = Api.uniqueName("gone") + "@example.com";
        String friend = Api.newUserKey(friendEmail);
        String app = Api.uniqueName("doomed");
        Api.createApp(Api.ADMIN_KEY, app);
        admin().body(Map.of("user", friendEmail)).post("/apps/" + app + "/collaborators").then().statusCode(201);
        admin().delete("/apps/" + app).then().statusCode(200);
        Api.createApp(Api.ADMIN_KEY, app);
        Api.as(friend).get("/apps/" + app).then().statusCode(403);
    }
}
