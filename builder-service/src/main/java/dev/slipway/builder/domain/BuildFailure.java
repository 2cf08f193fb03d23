package dev.slipway.builder.domain;

/** A build that cannot go on; the message is the reason the user sees in the output and in BuildFailed. */
public class BuildFailure extends Exception {
    public BuildFailure(String reason) {
        super(reason);
    }

    public BuildFailure(String reason, Throwable cause) {
        super(reason, cause);
    }
}
