package dev.slipway.config.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slipway.config.domain.AccountService;
import dev.slipway.config.domain.AppService;
import dev.slipway.config.domain.ConfigVarService;
import dev.slipway.kit.Caller;
import dev.slipway.kit.HerokuError;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import java.util.LinkedHashMap;
import java.util.Map;

@Path("/apps/{app}/config-vars")
@Produces(MediaType.APPLICATION_JSON)
public class ConfigVarResource {
    private final AccountService accounts;
    private final AppService apps;
    private final ConfigVarService vars;
    private final JsonBodies bodies;

    ConfigVarResource(AccountService accounts, AppService apps, ConfigVarService vars, JsonBodies bodies) {
        this.accounts = accounts;
        this.apps = apps;
        this.vars = vars;
        this.bodies = bodies;
    }

    @GET
    public Map<String, String> get(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
                                   @PathParam("app") String app) {
        return vars.get(accounts.authenticate(authorization), app);
    }

    /** {@code {"A": "1", "B": null}}: null unsets; answers the full map after the change. */
    @PATCH
    public Map<String, String> update(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
                                      @PathParam("app") String app, String body) {
        Caller caller = accounts.authenticate(authorization);
        apps.get(caller, app); // who may touch the app is answered before what is wrong with the body
        ObjectNode json = bodies.object(body);
        Map<String, String> changes = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> field : json.properties()) {
            JsonNode value = field.getValue();
            if (!value.isNull() && !value.isTextual()) {
                throw HerokuError.invalidParams("The value of config var " + field.getKey() + " must be a string or null.");
            }
            changes.put(field.getKey(), value.isNull() ? null : value.textValue());
        }
        return vars.update(caller, app, changes);
    }
}
