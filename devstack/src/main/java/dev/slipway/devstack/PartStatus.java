package dev.slipway.devstack;

import java.time.Instant;

/** What {@code ./slipway status} shows of a supervised part: how often it was restarted and since when it runs. */
public record PartStatus(int restarts, Instant upSince) {}
