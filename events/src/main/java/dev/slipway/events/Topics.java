package dev.slipway.events;

import java.util.List;

/** Topic names, one per producing service; every topic is keyed by {@link Event#partitionKey()}. */
public final class Topics {
    public static final String CONFIG = "slipway.config";
    public static final String GIT = "slipway.git";
    public static final String BUILDS = "slipway.builds";
    public static final String RELEASES = "slipway.releases";
    public static final String DYNOS = "slipway.dynos";
    public static final String LOGS = "slipway.logs";

    public static final List<String> ALL = List.of(CONFIG, GIT, BUILDS, RELEASES, DYNOS, LOGS);

    private Topics() {}

    public static String of(Event event) {
        return switch (event) {
            case AppCreated e -> CONFIG;
            case AppUpdated e -> CONFIG;
            case AppDeleted e -> CONFIG;
            case ConfigVarsChanged e -> CONFIG;
            case DomainAdded e -> CONFIG;
            case DomainRemoved e -> CONFIG;
            case ApiKeyIssued e -> CONFIG;
            case ApiKeyRevoked e -> CONFIG;
            case CollaboratorAdded e -> CONFIG;
            case CollaboratorRemoved e -> CONFIG;
            case PushReceived e -> GIT;
            case BuildStarted e -> BUILDS;
            case BuildLogLine e -> BUILDS;
            case SlugBuilt e -> BUILDS;
            case BuildFailed e -> BUILDS;
            case ReleaseCreated e -> RELEASES;
            case FormationChanged e -> RELEASES;
            case DynoStateChanged e -> DYNOS;
            case LogLine e -> LOGS;
            case LogLines e -> LOGS;
        };
    }
}
