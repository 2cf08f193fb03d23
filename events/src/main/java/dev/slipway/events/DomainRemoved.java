package dev.slipway.events;

import java.util.UUID;

public record DomainRemoved(UUID appId, String hostname) implements Event {}
