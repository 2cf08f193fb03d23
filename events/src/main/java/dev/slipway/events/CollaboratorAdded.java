package dev.slipway.events;

import java.util.UUID;

/** An account may now use the app as a collaborator (not destroy, rename or share it). */
public record CollaboratorAdded(UUID appId, UUID collaboratorId, UUID accountId, String email) implements Event {}
