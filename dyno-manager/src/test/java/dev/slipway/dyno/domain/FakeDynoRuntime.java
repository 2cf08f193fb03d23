package dev.slipway.dyno.domain;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Dynos in memory (after Deis' in-memory scheduler): every launch gives a {@link FakeHandle} the
 * test drives: it starts accepting, exits with a status, ignores SIGTERM, reports memory use and
 * OOM kills. Nothing runs.
 */
final class FakeDynoRuntime implements DynoRuntime {
    private final List<FakeHandle> handles = new CopyOnWriteArrayList<>();
    private final List<Dyno> reaped = new CopyOnWriteArrayList<>();
    private final AtomicInteger pids = new AtomicInteger(1000);
    private volatile String failNextLaunch;
    private volatile boolean workspaceCleared;

    @Override
    public Handle launch(DynoSpec spec) throws IOException {
        String failure = failNextLaunch;
        if (failure != null) {
            failNextLaunch = null;
            throw new IOException(failure);
        }
        FakeHandle h = new FakeHandle(spec, pids.incrementAndGet());
        handles.add(h);
        return h;
    }

    @Override
    public void reap(Dyno stale) {
        reaped.add(stale);
    }

    @Override
    public void clearWorkspace() {
        workspaceCleared = true;
    }

    void failNextLaunch(String message) {
        failNextLaunch = message;
    }

    boolean workspaceCleared() {
        return workspaceCleared;
    }

    List<Dyno> reaped() {
        return List.copyOf(reaped);
    }

    List<FakeHandle> launched() {
        return List.copyOf(handles);
    }

    /** Every launch under the dyno name, oldest first. */
    List<FakeHandle> launched(String name) {
        List<FakeHandle> out = new ArrayList<>();
        handles.stream().filter(h -> h.spec.name().equals(name)).forEach(out::add);
        return out;
    }

    /** The newest launch under the dyno name. */
    FakeHandle latest(String name) {
        List<FakeHandle> all = launched(name);
        if (all.isEmpty()) {
            throw new AssertionError("no dyno " + name + " was launched");
        }
        return all.getLast();
    }

    /** One dyno process, as the test wants it to behave. */
    static final class FakeHandle implements Handle {
        final DynoSpec spec;
        private final long pid;
        private final CompletableFuture<Integer> exited = new CompletableFuture<>();
        private volatile boolean accepting;
        private volatile boolean ignoresSigterm;
        private volatile long memoryBytes = -1;
        private final AtomicInteger oomKills = new AtomicInteger();
        private final AtomicInteger terms = new AtomicInteger();
        private final AtomicInteger kills = new AtomicInteger();
        private volatile boolean discarded;

        FakeHandle(DynoSpec spec, long pid) {
            this.spec = spec;
            this.pid = pid;
        }

        @Override
        public long pid() {
            return pid;
        }

        @Override
        public String host() {
            return "10.11.0." + (pid % 250);
        }

        @Override
        public int port() {
            return 5000 + (int) (pid % 1000);
        }

        @Override
        public InputStream output() {
            return InputStream.nullInputStream();
        }

        @Override
        public CompletableFuture<Integer> exited() {
            return exited;
        }

        @Override
        public boolean accepting() {
            return accepting && !exited.isDone();
        }

        @Override
        public void terminate() {
            if (!exited.isDone()) {
                terms.incrementAndGet();
            }
            if (!ignoresSigterm) {
                exited.complete(143);
            }
        }

        @Override
        public void kill() {
            // counted before the exit completes: what the exit sets off may look at the count
            if (!exited.isDone()) {
                kills.incrementAndGet();
            }
            exited.complete(137);
        }

        @Override
        public long memoryBytes() {
            return memoryBytes;
        }

        @Override
        public long oomKills() {
            return oomKills.get();
        }

        @Override
        public void discard() {
            discarded = true;
        }

        FakeHandle accept() {
            accepting = true;
            return this;
        }

        FakeHandle ignoreSigterm() {
            ignoresSigterm = true;
            return this;
        }

        /** Back to a well-behaved process, so a test's clean-up never waits on the stop timeout. */
        void obeySigterm() {
            ignoresSigterm = false;
        }

        void exit(int status) {
            exited.complete(status);
        }

        void useMemory(long bytes) {
            memoryBytes = bytes;
        }

        /** The kernel killed a process of the dyno at its memory limit. */
        void oomKill() {
            oomKills.incrementAndGet();
        }

        boolean alive() {
            return !exited.isDone();
        }

        /** SIGTERMs sent while the process was alive. */
        int sigterms() {
            return terms.get();
        }

        /** SIGKILLs that ended the process (the clean-up kill after an exit does not count). */
        int sigkills() {
            return kills.get();
        }

        boolean discarded() {
            return discarded;
        }
    }
}
