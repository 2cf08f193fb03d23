package dev.slipway.kit;

import java.util.UUID;

/** The account behind a request's API key. */
public record Caller(UUID accountId, String email, boolean admin) {}
