package dev.slipway.events;

import java.util.UUID;

/** The account no longer has access to the app as a collaborator. */
public record CollaboratorRemoved(UUID appId, UUID collaboratorId, UUID accountId, String email) implements Event {}
