package dev.slipway.events;

import java.util.List;
import java.util.Map;

/**
 * Topic names, one per producing service; every topic is keyed by {@link Event#partitionKey()}.
 * {@link #owners} is the one place that says which service may write a topic: consumers drop (to
 * the dead letters) an envelope whose {@code producer} does not own the topic it came on.
 */
public final class Topics {
    public static final String CONFIG = "slipway.config";
    public static final String GIT = "slipway.git";
    public static final String BUILDS = "slipway.builds";
    public static final String RELEASES = "slipway.releases";
    public static final String DYNOS = "slipway.dynos";
    public static final String LOGS = "slipway.logs";
    public static final String ADDONS = "slipway.addons";
    /** The router's per-app aggregates and dyno-manager's dyno samples, for the metrics store. */
    public static final String METRICS = "slipway.metrics";
    /**
     * Records a consumer could not process, written by the kit's consumer loop inside every
     * service: the original key and bytes, the reason in headers (not an envelope). No service
     * consumes it; an operator reads it (and may re-send a record to its topic).
     */
    public static final String DEAD_LETTERS = "slipway.dead-letters";

    /** Every topic the platform uses, to create at start-up. */
    public static final List<String> ALL = List.of(CONFIG, GIT, BUILDS, RELEASES, DYNOS, LOGS, ADDONS, METRICS, DEAD_LETTERS);

    /** The topics that carry events: all but the dead letters, which no consumer subscribes to. */
    public static final List<String> EVENT_TOPICS = List.of(CONFIG, GIT, BUILDS, RELEASES, DYNOS, LOGS, ADDONS, METRICS);

    /** Topic → the services (their {@code producer} names) that may write it. */
    private static final Map<String, List<String>> OWNERS = Map.of(
            CONFIG, List.of("config-service"),
            GIT, List.of("git-gateway"),
            BUILDS, List.of("builder-service"),
            RELEASES, List.of("release-service"),
            DYNOS, List.of("dyno-manager"),
            // dyno-manager writes the dynos' output and the heroku[web.1] lines, the router its own
            LOGS, List.of("dyno-manager", "router"),
            ADDONS, List.of("addon-service"),
            // the router its request aggregates, dyno-manager its dyno samples
            METRICS, List.of("router", "dyno-manager"),
            // every service's consumer loop writes the records it gives up on
            DEAD_LETTERS, List.of("config-service", "git-gateway", "builder-service", "release-service",
                    "dyno-manager", "router", "addon-service"));

    private Topics() {}

    /** The producers allowed on the topic, the main one first; empty for a topic Slipway does not know. */
    public static List<String> owners(String topic) {
        return OWNERS.getOrDefault(topic, List.of());
    }

    /** Whether an envelope from {@code producer} may travel on {@code topic}. */
    public static boolean owns(String producer, String topic) {
        return producer != null && !DEAD_LETTERS.equals(topic) && owners(topic).contains(producer);
    }

    /** The producer an event of this type comes from: the owner of its topic ({@code router} for LogLines). */
    public static String producerOf(Event event) {
        return switch (event) {
            case LogLines e -> "router";
            case DynoMetricsSampled e -> "dyno-manager";
            default -> owners(of(event)).getFirst();
        };
    }

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
            case ReleasePhaseOutput e -> DYNOS;
            case ReleasePhaseFinished e -> DYNOS;
            case LogLine e -> LOGS;
            case LogLines e -> LOGS;
            case AddonAttached e -> ADDONS;
            case AddonDetached e -> ADDONS;
            case RouterMetricsAggregated e -> METRICS;
            case DynoMetricsSampled e -> METRICS;
        };
    }
}
