package dev.slipway.router.edge;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;

/** The small bodies the edge answers with itself: Heroku's HTML pages and the API's JSON errors. */
final class ErrorPages {

    private ErrorPages() {}

    static Buffer appError(RouterError error) {
        String title = error == RouterError.H80 ? "Offline for Maintenance" : "Application Error";
        String text = error == RouterError.H80
                ? "This app is in maintenance mode. Please check back soon."
                : "An error occurred in the application and your page could not be served. "
                        + "If you are the application owner, check your logs for details.";
        return html(title, text, error.name());
    }

    static Buffer noSuchApp() {
        return html("No such app", "There is no app configured at that hostname.", "no such app");
    }

    static Buffer headersTooLarge() {
        return html("Bad Request", "A header line is longer than 8192 bytes, or there are more than 1000 headers.",
                "431");
    }

    static Buffer badRequest(String code, String text) {
        return html("Bad Request", text, code);
    }

    static Buffer json(String id, String message) {
        return Buffer.buffer(("{\"id\":\"" + id + "\",\"message\":\"" + message + "\"}")
                .getBytes(StandardCharsets.UTF_8));
    }

    private static Buffer html(String title, String text, String code) {
        return Buffer.buffer(("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>" + title
                + "</title></head>\n<body><h1>" + title + "</h1>\n<p>" + text + "</p>\n<p><small>" + code
                + "</small></p></body></html>\n").getBytes(StandardCharsets.UTF_8));
    }
}
