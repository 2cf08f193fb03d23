package dev.slipway.config.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.config.domain.AccountService;
import dev.slipway.config.domain.App;
import dev.slipway.config.domain.AppService;
import dev.slipway.config.domain.BuildpackEntries;
import dev.slipway.kit.Caller;
import dev.slipway.kit.HerokuError;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

@Path("/apps/{app}/buildpack-installations")
@Produces(MediaType.APPLICATION_JSON)
public class BuildpackResource {
    private static final int MAX_BUILDPACKS = 16;

    private final AccountService accounts;
    private final AppService apps;
    private final JsonBodies bodies;

    BuildpackResource(AccountService accounts, AppService apps, JsonBodies bodies) {
        this.accounts = accounts;
        this.apps = apps;
        this.bodies = bodies;
    }

    @GET
    public List<BuildpackInstallationView> list(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
                                                @PathParam("app") String app) {
        return views(apps.get(accounts.authenticate(authorization), app));
    }

    /** {@code {"updates": [{"buildpack": "url or name"}, ...]}} replaces the list; empty clears it. */
    @PUT
    public List<BuildpackInstallationView> replace(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
                                                   @PathParam("app") String app, String body) {
        Caller caller = accounts.authenticate(authorization);
        apps.get(caller, app); // who may touch the app is answered before what is wrong with the body
        JsonNode updates = bodies.object(body).get("updates");
        if (updates == null || !updates.isArray()) {
            throw HerokuError.invalidParams("The field updates must be an array of {\"buildpack\": \"url or name\"}.");
        }
        if (updates.size() > MAX_BUILDPACKS) {
            throw HerokuError.invalidParams("At most " + MAX_BUILDPACKS + " buildpacks may be set.");
        }
        List<String> buildpacks = new ArrayList<>();
        for (JsonNode update : updates) {
            JsonNode buildpack = update.get("buildpack");
            if (buildpack == null || !buildpack.isTextual() || buildpack.textValue().isBlank()
                    || buildpack.textValue().length() > 2048 || buildpack.textValue().chars().anyMatch(Character::isWhitespace)) {
                throw HerokuError.invalidParams("Each update needs a buildpack: a URL or a name, without spaces.");
            }
            if (!BuildpackEntries.valid(buildpack.textValue())) {
                throw HerokuError.invalidParams(BuildpackEntries.refusal(buildpack.textValue()));
            }
            buildpacks.add(buildpack.textValue());
        }
        return views(apps.setBuildpacks(caller, app, buildpacks));
    }

    private static List<BuildpackInstallationView> views(App app) {
        return IntStream.range(0, app.buildpacks().size())
                .mapToObj(i -> BuildpackInstallationView.of(i, app.buildpacks().get(i))).toList();
    }
}
