package dev.slipway.dyno.domain;

import dev.slipway.dyno.config.DynoSettings;
import dev.slipway.dyno.persistence.DesiredStateRepository;
import dev.slipway.dyno.persistence.DynoRepository;
import dev.slipway.kit.Db;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * One pass that moves an app's actual dynos toward its desired state: {@code <type>.1..N} of
 * every scaled process type, running the current release. Never runs twice at once for one app
 * (the {@link Supervisor} sees to that).
 */
@ApplicationScoped
public class Converger {
    private final Db db;
    private final DesiredStateRepository desired;
    private final DynoRepository dynos;
    private final DynoProcesses processes;
    private final DynoStates states;
    private final CrashBackoff backoff;
    private final DynoSettings settings;
    private final ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor();

    Converger(Db db, DesiredStateRepository desired, DynoRepository dynos, DynoProcesses processes, DynoStates states,
              CrashBackoff backoff, DynoSettings settings) {
        this.db = db;
        this.desired = desired;
        this.dynos = dynos;
        this.processes = processes;
        this.states = states;
        this.backoff = backoff;
        this.settings = settings;
    }

    private record Snapshot(AppRelease release, List<FormationEntry> formation, List<Dyno> dynos) {}

    /** Converges once; answers when to come back for a dyno still in its crash back-off, or null. */
    public Instant converge(UUID appId) {
        Snapshot s = db.read(c -> new Snapshot(desired.release(c, appId), desired.formation(c, appId), dynos.list(c, appId)));
        AppRelease release = s.release();
        Map<String, FormationEntry> wanted = new LinkedHashMap<>();
        Map<String, String> commands = new LinkedHashMap<>();
        if (release != null) {
            for (FormationEntry e : s.formation()) {
                String command = release.processTypes().get(e.type());
                for (int i = 1; command != null && i <= e.quantity(); i++) {
                    wanted.put(e.type() + "." + i, e);
                    commands.put(e.type() + "." + i, command);
                }
            }
        }
        // an app without a release (deleted, or never released) keeps nothing, one-off dynos included
        List<Dyno> extras = s.dynos().stream()
                .filter(d -> release == null || (!d.oneOff() && !wanted.containsKey(d.name())))
                .sorted(Comparator.comparingInt(Dyno::number).reversed()).toList();
        stopAll(extras);

        List<Dyno> fresh = new ArrayList<>();
        List<Dyno> again = new ArrayList<>();
        Map<Dyno, UUID> retire = new LinkedHashMap<>();
        Instant comeBack = null;
        for (var w : wanted.entrySet()) {
            String name = w.getKey();
            List<Dyno> same = s.dynos().stream().filter(d -> !d.oneOff() && d.name().equals(name)).toList();
            Dyno current = same.stream().filter(d -> d.releaseVersion() == release.version())
                    .max(Comparator.comparing(Dyno::createdAt)).orElse(null);
            UUID successor;
            if (current == null) {
                Instant now = Instant.now();
                Dyno d = new Dyno(UUID.randomUUID(), appId, release.appName(), name, w.getValue().type(),
                        release.releaseId(), release.version(), Dyno.STARTING, settings.advertisedHost(), null, null,
                        commands.get(name), w.getValue().size(), 0, now, now);
                fresh.add(d);
                successor = d.id();
            } else {
                successor = current.id();
                Instant notBefore = backoff.notBefore(appId, name);
                if (processes.tracks(current.id())) {
                    // running, or its exit is being recorded right now: nothing to do
                } else if (notBefore != null) {
                    comeBack = comeBack == null || notBefore.isBefore(comeBack) ? notBefore : comeBack;
                } else {
                    again.add(current);
                }
            }
            same.stream().filter(d -> !d.id().equals(successor)).forEach(d -> retire.put(d, successor));
        }

        List<CompletableFuture<Void>> launches = new ArrayList<>();
        for (Dyno d : fresh) {
            launches.add(CompletableFuture.runAsync(() -> {
                states.insert(d);
                processes.launch(d, release, Map.of());
            }, workers));
        }
        for (Dyno d : again) {
            int restarts = Dyno.CRASHED.equals(d.state()) ? d.restarts() + 1 : d.restarts();
            launches.add(CompletableFuture.runAsync(() -> {
                states.restart(d, d.state(), restarts);
                processes.launch(d.withState(Dyno.STARTING, restarts), release, Map.of());
            }, workers));
        }
        CompletableFuture.allOf(launches.toArray(CompletableFuture[]::new)).join();

        // preboot: an old web dyno keeps taking traffic until its successor is up (or gave up booting)
        Instant deadline = Instant.now().plus(settings.bootTimeout()).plusSeconds(5);
        for (var r : retire.entrySet()) {
            if (r.getKey().web()) {
                Duration left = Duration.between(Instant.now(), deadline);
                if (!left.isNegative()) {
                    processes.awaitUp(r.getValue(), left);
                }
            }
        }
        stopAll(List.copyOf(retire.keySet()));
        return comeBack;
    }

    /** SIGTERM goes to all of them at once (highest numbers first); each gets its own stop timeout. */
    private void stopAll(List<Dyno> doomed) {
        CompletableFuture.allOf(doomed.stream()
                .map(d -> CompletableFuture.runAsync(() -> processes.stop(d, true), workers))
                .toArray(CompletableFuture[]::new)).join();
    }

    @PreDestroy
    void close() {
        workers.shutdownNow();
    }
}
