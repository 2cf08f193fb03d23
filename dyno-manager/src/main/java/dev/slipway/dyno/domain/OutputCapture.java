package dev.slipway.dyno.domain;

import java.io.InputStream;
import java.util.concurrent.CompletableFuture;

/** Where a dyno's stdout and stderr go ({@link AppOutput}: its app log lines). */
@FunctionalInterface
public interface OutputCapture {
    /** Reads the output until it ends; completes once its last line is recorded. */
    CompletableFuture<Void> capture(Dyno dyno, InputStream output);
}
