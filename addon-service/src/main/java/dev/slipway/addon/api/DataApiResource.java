package dev.slipway.addon.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.addon.domain.BackupService;
import dev.slipway.addon.domain.DatabaseDetails;
import dev.slipway.addon.domain.Transfer;
import dev.slipway.kit.AccessGuard;
import dev.slipway.kit.AppRef;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Heroku Postgres' data API, which the heroku CLI's {@code pg:*} commands call on
 * {@code HEROKU_DATA_HOST} (on Slipway: the API host, whose router sends {@code /client/} here):
 * a database's figures ({@code pg:info}) and its backups ({@code pg:backups:*}). Access is the
 * add-on's app's rule; a backup link's file is fetched with its token alone, as Heroku's signed
 * URLs are.
 */
@Path("/client/v11")
public class DataApiResource {
    private final AccessGuard guard;
    private final DatabaseDetails details;
    private final BackupService backups;

    DataApiResource(AccessGuard guard, DatabaseDetails details, BackupService backups) {
        this.guard = guard;
        this.details = details;
        this.backups = backups;
    }

    @GET
    @Path("databases/{addon}")
    public DatabaseInfoView database(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
                                     @PathParam("addon") String addon) {
        return DatabaseInfoView.of(details.info(guard.authenticate(authorization), addon));
    }

    @POST
    @Path("databases/{addon}/backups")
    @Consumes(MediaType.WILDCARD)
    public Response capture(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
                            @PathParam("addon") String addon) {
        Transfer backup = backups.capture(guard.authenticate(authorization), addon);
        return Response.status(Response.Status.CREATED).entity(TransferView.of(backup, null))
                .type(MediaType.APPLICATION_JSON_TYPE).build();
    }

    /** {@code {"backup_url": "slipway-backup:<uuid>"}}, as {@code pg:backups:restore} sends a backup's {@code to_url}. */
    @POST
    @Path("databases/{addon}/restores")
    @Consumes(MediaType.WILDCARD)
    public Response restore(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
                            @PathParam("addon") String addon, byte[] text) {
        JsonNode body = JsonBody.object(text);
        Transfer restore = backups.restore(guard.authenticate(authorization), addon, JsonBody.text(body, "backup_url"));
        return Response.status(Response.Status.CREATED).entity(view(restore, List.of()))
                .type(MediaType.APPLICATION_JSON_TYPE).build();
    }

    @GET
    @Path("apps/{app}/transfers")
    public List<TransferView> transfers(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
                                        @PathParam("app") String app) {
        List<Transfer> all = backups.list(guard.authorize(authorization, app));
        return all.stream().map(t -> view(t, all)).toList();
    }

    /** By number or uuid; {@code ?verbose=true} changes nothing, the logs are always there. */
    @GET
    @Path("apps/{app}/transfers/{transfer}")
    public TransferView transfer(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
                                 @PathParam("app") String app, @PathParam("transfer") String transfer) {
        AppRef ref = guard.authorize(authorization, app);
        return view(backups.get(ref, transfer), backups.list(ref));
    }

    @DELETE
    @Path("apps/{app}/transfers/{transfer}")
    public TransferView delete(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
                               @PathParam("app") String app, @PathParam("transfer") String transfer) {
        return view(backups.delete(guard.authorize(authorization, app), transfer), List.of());
    }

    /** {@code pg:backups:url} and {@code pg:backups:download}: a link to the file, good for an hour. */
    @POST
    @Path("apps/{app}/transfers/{transfer}/actions/public-url")
    @Consumes(MediaType.WILDCARD)
    public Map<String, Object> publicUrl(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
                                         @HeaderParam(HttpHeaders.HOST) String host,
                                         @HeaderParam("X-Forwarded-Proto") String proto,
                                         @PathParam("app") String app, @PathParam("transfer") String transfer) {
        BackupService.DownloadLink link = backups.downloadLink(guard.authorize(authorization, app), transfer);
        String scheme = "https".equals(proto) ? "https" : "http";
        Map<String, Object> body = new HashMap<>();
        body.put("url", scheme + "://" + host + "/client/v11/backup-files/" + link.token());
        body.put("expires_at", link.expiresAt());
        return body;
    }

    @GET
    @Path("backup-files/{token}")
    @Produces(MediaType.APPLICATION_OCTET_STREAM)
    public Response file(@PathParam("token") String token) {
        java.nio.file.Path file = backups.download(token);
        return Response.ok(file.toFile(), MediaType.APPLICATION_OCTET_STREAM_TYPE)
                .header("Content-Disposition", "attachment; filename=\"latest.dump\"")
                .build();
    }

    private static TransferView view(Transfer t, List<Transfer> ofApp) {
        String source = t.sourceBackupId() == null ? null : ofApp.stream()
                .filter(b -> b.id().equals(t.sourceBackupId())).map(Transfer::name).findFirst().orElse("BACKUP");
        return TransferView.of(t, source);
    }
}
