package dev.slipway.dyno.domain;

import dev.slipway.dyno.config.LifecycleSettings;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * One pass that moves an app's actual dynos toward its desired state: {@code <type>.1..N} of
 * every scaled process type, running the current release at the formation's size. A dyno of an
 * older release, of another size (ps:resize) or being cycled gets a successor first and is stopped
 * after it (preboot). Never runs twice at once for one app (the {@link Supervisor} sees to that).
 */
@ApplicationScoped
public class Converger {
    private final DynoLedger ledger;
    private final DynoProcesses processes;
    private final CrashBackoff backoff;
    private final LifecycleSettings settings;
    private final InstantSource clock;
    /** Dynos daily cycling is replacing: no longer current, stopped once their successor is up. */
    private final Set<UUID> cycling = ConcurrentHashMap.newKeySet();
    private final ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor();

    Converger(DynoLedger ledger, DynoProcesses processes, CrashBackoff backoff, LifecycleSettings settings,
              InstantSource clock) {
        this.ledger = ledger;
        this.processes = processes;
        this.backoff = backoff;
        this.settings = settings;
        this.clock = clock;
    }

    /** Marks a dyno for replacement by daily cycling; false when it already is. The next pass replaces it. */
    public boolean cycle(Dyno dyno) {
        return cycling.add(dyno.id());
    }

    /** Converges once; answers when to come back for a dyno still in its crash back-off, or null. */
    public Instant converge(UUID appId) {
        // read before the rows: a dyno that ends between the two reads is still ours here (its crash
        // brings another pass), never a row that still says up without a process behind it
        Set<UUID> tracked = processes.tracked();
        DynoLedger.AppState s = ledger.read(appId);
        AppRelease release = s.release();
        Map<String, FormationEntry> wanted = new LinkedHashMap<>();
        if (release != null) {
            for (FormationEntry e : s.formation()) {
                for (int i = 1; release.processTypes().containsKey(e.type()) && i <= e.quantity(); i++) {
                    wanted.put(e.type() + "." + i, e);
                }
            }
        }
        // an app without a release (deleted, or never released) keeps nothing, one-off dynos included;
        // a release phase's dyno is ReleasePhases' own (the first release has no live one while it runs)
        List<Dyno> extras = s.dynos().stream()
                .filter(d -> release == null ? !d.releasePhase() : !d.oneOff() && !wanted.containsKey(d.name()))
                .sorted(Comparator.comparingInt(Dyno::number).reversed()).toList();
        stopAll(extras);

        List<Dyno> fresh = new ArrayList<>();
        List<Dyno> again = new ArrayList<>();
        Map<Dyno, UUID> retire = new LinkedHashMap<>();
        Instant comeBack = null;
        for (var w : wanted.entrySet()) {
            String name = w.getKey();
            FormationEntry entry = w.getValue();
            List<Dyno> same = s.dynos().stream().filter(d -> !d.oneOff() && d.name().equals(name)).toList();
            Dyno current = same.stream().filter(d -> current(d, release, entry))
                    .max(Comparator.comparing(Dyno::createdAt)).orElse(null);
            UUID successor;
            if (current == null) {
                Instant now = clock.instant();
                Dyno d = new Dyno(UUID.randomUUID(), appId, release.appName(), name, entry.type(),
                        release.releaseId(), release.version(), Dyno.STARTING, settings.advertisedHost(), null, null,
                        release.processTypes().get(entry.type()), DynoSize.of(entry.size()).heroku(), 0, now, now);
                fresh.add(d);
                successor = d.id();
            } else {
                successor = current.id();
                Instant notBefore = backoff.notBefore(appId, name);
                if (tracked.contains(current.id())) {
                    // running, or its end is being recorded right now: nothing to do
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
                ledger.insert(d);
                processes.launch(d, release, Map.of());
            }, workers));
        }
        for (Dyno d : again) {
            int restarts = Dyno.CRASHED.equals(d.state()) ? d.restarts() + 1 : d.restarts();
            launches.add(CompletableFuture.runAsync(() -> {
                ledger.restart(d, d.state(), restarts);
                processes.launch(d.withState(Dyno.STARTING, restarts), release, Map.of());
            }, workers));
        }
        CompletableFuture.allOf(launches.toArray(CompletableFuture[]::new)).join();
        stopAll(retiring(retire));
        return comeBack;
    }

    /** The dyno the formation wants under its name: the current release, the formation's size, not being cycled. */
    private boolean current(Dyno d, AppRelease release, FormationEntry entry) {
        return d.releaseVersion() == release.version() && DynoSize.of(d.size()) == DynoSize.of(entry.size())
                && !cycling.contains(d.id());
    }

    /**
     * Preboot: an old web dyno keeps taking traffic until its successor is up. After a deploy or a
     * resize it goes anyway once the successor crashed or the boot timeout passed (the new release
     * is what the user asked for); a dyno being cycled stays until its successor is up, so cycling
     * never leaves an app with fewer web dynos than before.
     */
    private List<Dyno> retiring(Map<Dyno, UUID> retire) {
        Instant deadline = clock.instant().plus(settings.bootTimeout()).plusSeconds(5);
        List<Dyno> go = new ArrayList<>();
        for (var r : retire.entrySet()) {
            Dyno old = r.getKey();
            boolean up = !old.web() || processes.awaitUp(r.getValue(), deadline);
            if (up || !cycling.contains(old.id())) {
                go.add(old);
            }
        }
        return go;
    }

    /** SIGTERM goes to all of them at once (highest numbers first); each gets its own stop timeout. */
    private void stopAll(List<Dyno> doomed) {
        CompletableFuture.allOf(doomed.stream()
                .map(d -> CompletableFuture.runAsync(() -> {
                    processes.stop(d, true);
                    cycling.remove(d.id());
                }, workers))
                .toArray(CompletableFuture[]::new)).join();
    }

    @PreDestroy
    void close() {
        workers.shutdownNow();
    }
}
