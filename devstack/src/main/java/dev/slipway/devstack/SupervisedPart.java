package dev.slipway.devstack;

/** A part of the platform the {@link Supervisor} restarts when it exits: a service JVM, the broker, PostgreSQL. */
interface SupervisedPart {
    /** The name in logs and in {@code ./slipway status}, e.g. {@code release-service}. */
    String name();

    boolean isAlive();

    /** Why it is not alive, for the log line (an exit code, a missing pid). */
    String exitDescription();

    /** Starts it again in place (same ports, same data, same environment); throws if that fails. */
    void restart();
}
