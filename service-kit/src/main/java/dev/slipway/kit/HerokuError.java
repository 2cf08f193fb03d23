package dev.slipway.kit;

/**
 * An API error in Heroku's shape: {@code {"id": "not_found", "message": "..."}} with its status.
 * Throw it from anywhere in a request; {@link HerokuErrorMappers} writes the body.
 */
public class HerokuError extends RuntimeException {
    private final int status;
    private final String id;

    public HerokuError(int status, String id, String message) {
        super(message);
        this.status = status;
        this.id = id;
    }

    public int status() {
        return status;
    }

    public String id() {
        return id;
    }

    public static HerokuError badRequest(String message) {
        return new HerokuError(400, "bad_request", message);
    }

    public static HerokuError unauthorized() {
        return new HerokuError(401, "unauthorized", "Invalid credentials provided.");
    }

    public static HerokuError forbidden(String message) {
        return new HerokuError(403, "forbidden", message);
    }

    public static HerokuError notFound(String message) {
        return new HerokuError(404, "not_found", message);
    }

    public static HerokuError appNotFound() {
        return notFound("Couldn't find that app.");
    }

    public static HerokuError conflict(String message) {
        return new HerokuError(409, "conflict", message);
    }

    public static HerokuError invalidParams(String message) {
        return new HerokuError(422, "invalid_params", message);
    }

    public static HerokuError unavailable(String message) {
        return new HerokuError(503, "service_unavailable", message);
    }

    public ErrorBody body() {
        return new ErrorBody(id, getMessage());
    }

    public record ErrorBody(String id, String message) {}
}
