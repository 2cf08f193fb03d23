package dev.slipway.dyno.domain;

import dev.slipway.dyno.config.LifecycleSettings;
import dev.slipway.dyno.metrics.MetricsTimeline;
import dev.slipway.dyno.persistence.DesiredStateRepository;
import dev.slipway.dyno.persistence.DynoRepository;
import dev.slipway.kit.Db;
import dev.slipway.kit.HerokuError;
import jakarta.enterprise.context.ApplicationScoped;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/** What the API may do with an app's dynos: look, restart, stop, and run one-off commands. */
@ApplicationScoped
public class DynoService {
    private final Db db;
    private final DynoRepository dynos;
    private final DesiredStateRepository desired;
    private final DynoStates states;
    private final Supervisor supervisor;
    private final LifecycleSettings settings;
    private final InstantSource clock;
    private final MetricsTimeline timeline;
    private final SecureRandom random = new SecureRandom();

    DynoService(Db db, DynoRepository dynos, DesiredStateRepository desired, DynoStates states, Supervisor supervisor,
                LifecycleSettings settings, InstantSource clock, MetricsTimeline timeline) {
        this.db = db;
        this.dynos = dynos;
        this.desired = desired;
        this.states = states;
        this.supervisor = supervisor;
        this.settings = settings;
        this.clock = clock;
        this.timeline = timeline;
    }

    public List<Dyno> list(UUID appId) {
        return db.read(c -> dynos.list(c, appId));
    }

    /** By name ({@code web.1}) or id; when a release is replacing it, the newest. */
    public Dyno find(UUID appId, String nameOrId) {
        List<Dyno> matching = matching(appId, nameOrId, false);
        return matching.getLast();
    }

    /** The release new dynos of the app run, or null before the first one. */
    public AppRelease currentRelease(UUID appId) {
        return db.read(c -> desired.release(c, appId));
    }

    public void restartAll(UUID appId) {
        supervisor.restart(appId, d -> !d.oneOff());
        timeline.restarted(appId, "all dynos");
    }

    /** Restarts one dyno (by name or id) or every dyno of a process type. */
    public void restart(UUID appId, String nameOrType) {
        Set<UUID> ids = matching(appId, nameOrType, true).stream().map(Dyno::id).collect(Collectors.toSet());
        supervisor.restart(appId, d -> ids.contains(d.id()));
        timeline.restarted(appId, nameOrType);
    }

    /** Restarts every dyno of a process type ({@code ps:restart --process-type web}). */
    public void restartType(UUID appId, String type) {
        Set<UUID> ids = ofType(appId, type);
        supervisor.restart(appId, d -> ids.contains(d.id()));
        timeline.restarted(appId, type);
    }

    /**
     * Heroku's ps:stop of one dyno (by name or id) or, for the CLI's older {@code ps:stop web}, a
     * whole type: the process stops, and a dyno the formation still wants starts again (as on
     * Heroku, so it acts like a restart); a one-off dyno is gone for good.
     */
    public void stop(UUID appId, String nameOrType) {
        restart(appId, nameOrType);
    }

    /** {@code ps:stop --process-type worker}: every dyno of the type, as {@link #stop}. */
    public void stopType(UUID appId, String type) {
        restartType(appId, type);
    }

    private Set<UUID> ofType(UUID appId, String type) {
        Set<UUID> ids = list(appId).stream().filter(d -> d.type().equals(type)).map(Dyno::id).collect(Collectors.toSet());
        if (ids.isEmpty()) {
            throw HerokuError.notFound("Couldn't find that process type (" + type + ").");
        }
        return ids;
    }

    public Dyno run(UUID appId, String command, Map<String, String> env, String size) {
        DynoSize dynoSize = size == null ? DynoSize.DEFAULT : DynoSize.named(size).orElseThrow(() ->
                HerokuError.invalidParams("size must be one of: " + String.join(", ",
                        Arrays.stream(DynoSize.values()).map(DynoSize::heroku).toList()) + "."));
        AppRelease release = currentRelease(appId);
        if (release == null) {
            throw HerokuError.invalidParams("This app has no release yet: deploy it (git push) before running a one-off dyno.");
        }
        Set<String> taken = list(appId).stream().map(Dyno::name).collect(Collectors.toSet());
        String name;
        do {
            name = Dyno.ONE_OFF_TYPE + "." + (1000 + random.nextInt(9000));
        } while (taken.contains(name));
        Instant now = clock.instant();
        Dyno dyno = new Dyno(UUID.randomUUID(), appId, release.appName(), name, Dyno.ONE_OFF_TYPE, release.releaseId(),
                release.version(), Dyno.STARTING, settings.advertisedHost(), null, null, command,
                dynoSize.heroku(), 0, now, now);
        states.insert(dyno);
        supervisor.runOneOff(dyno, release, env);
        return dyno;
    }

    private List<Dyno> matching(UUID appId, String key, boolean typeToo) {
        List<Dyno> found = list(appId).stream()
                .filter(d -> d.name().equals(key) || d.id().toString().equals(key) || (typeToo && d.type().equals(key)))
                .sorted(java.util.Comparator.comparing(Dyno::createdAt))
                .toList();
        if (found.isEmpty()) {
            throw HerokuError.notFound("Couldn't find that dyno.");
        }
        return found;
    }
}
