package dev.slipway.git.api;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A chunked response written from a blocking thread: every write leaves at once (git shows hook
 * output as it happens), and a slow client holds the writer back instead of filling the heap.
 */
final class ChunkedOutput {
    private final HttpServerResponse response;

    ChunkedOutput(HttpServerResponse response, String contentType) {
        this.response = response;
        response.setChunked(true)
                .putHeader("Content-Type", contentType)
                .putHeader("Cache-Control", "no-cache, max-age=0, must-revalidate")
                .putHeader("Pragma", "no-cache")
                .putHeader("Expires", "Fri, 01 Jan 1980 00:00:00 GMT");
    }

    boolean closed() {
        return response.closed();
    }

    void write(byte[] bytes, int length) {
        if (response.closed() || length <= 0) {
            return;
        }
        byte[] copy = new byte[length];
        System.arraycopy(bytes, 0, copy, 0, length);
        response.write(Buffer.buffer(copy));
        awaitDrain();
    }

    void line(String line) {
        byte[] bytes = (line + "\n").getBytes(StandardCharsets.UTF_8);
        write(bytes, bytes.length);
    }

    void end() {
        if (!response.closed() && !response.ended()) {
            response.end();
        }
    }

    private void awaitDrain() {
        if (!response.writeQueueFull()) {
            return;
        }
        CompletableFuture<Void> drained = new CompletableFuture<>();
        response.drainHandler(v -> drained.complete(null));
        response.closeHandler(v -> drained.complete(null));
        if (!response.writeQueueFull()) {
            drained.complete(null);
        }
        try {
            drained.get(5, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            response.reset();
        }
    }
}
