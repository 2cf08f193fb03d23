package dev.slipway.events;

import java.util.UUID;

/**
 * Every event Slipway's services exchange. Records only, named in the past tense; consumers
 * dispatch with a {@code switch} over this sealed type.
 */
public sealed interface Event
        permits AppCreated, AppUpdated, AppDeleted, ConfigVarsChanged, DomainAdded, DomainRemoved,
                ApiKeyIssued, ApiKeyRevoked, CollaboratorAdded, CollaboratorRemoved, PushReceived, BuildStarted, BuildLogLine, SlugBuilt,
                BuildFailed, ReleaseCreated, FormationChanged, DynoStateChanged, ReleasePhaseOutput, ReleasePhaseFinished,
                LogLine, LogLines, AddonAttached, AddonDetached, RouterMetricsAggregated, DynoMetricsSampled {

    /** The app this event belongs to, or null for account events. */
    UUID appId();

    /** The Kafka record key: the app id, so one app's events stay in order. */
    default UUID partitionKey() {
        return appId();
    }
}
