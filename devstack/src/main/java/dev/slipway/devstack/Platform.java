package dev.slipway.devstack;

import dev.slipway.events.Topics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The whole of Slipway on this machine: PostgreSQL (the platform's and the tenants'), the Kafka
 * broker and the seven service JVMs,
 * wired with exactly the environment of docs/CONVENTIONS.md. {@code ./slipway up} runs one; the
 * end-to-end tests start their own, each with its own home and router port.
 *
 * <p>Order: PostgreSQL and Kafka, topics, the six schemas and roles; config-service (it owns the
 * admin key and the apps the others learn about); the four middle services side by side; the
 * router last, so the public port answers only when everything behind it does. Stop is the
 * reverse.
 */
public final class Platform implements AutoCloseable {
    private static final Duration STOP_GRACE = Duration.ofSeconds(20);
    private static final List<ServiceModule> MIDDLE = List.of(ServiceModule.GIT_GATEWAY,
            ServiceModule.BUILDER_SERVICE, ServiceModule.RELEASE_SERVICE, ServiceModule.DYNO_MANAGER,
            ServiceModule.ADDON_SERVICE);
    /** The tenant-data cluster's directory under the home, and the file that keeps its port across starts. */
    private static final String TENANT_POSTGRES = "tenant-postgres";

    private final PlatformSettings settings;
    private final Map<ServiceModule, ServiceProcess> services = new EnumMap<>(ServiceModule.class);
    private final Thread stopOnExit = new Thread(this::stop, "slipway-platform-stop");
    private final Object stopLock = new Object();
    private PostgresServer postgres;
    private PostgresServer tenantPostgres;
    private TenantNetwork tenantNetwork;
    private KafkaBroker kafka;
    private String apiKey;
    private HomeLock homeLock;
    private OrphanGuard orphanGuard;
    private volatile Supervisor supervisor;
    private boolean stopped;

    Platform(PlatformSettings settings) {
        this.settings = settings;
    }

    /** Starts everything and returns when the router answers; on failure, stops what it started. */
    public static Platform start(PlatformSettings settings) throws IOException {
        Platform platform = new Platform(settings);
        try {
            platform.boot();
        } catch (IOException | RuntimeException e) {
            platform.stop();
            throw e;
        }
        return platform;
    }

    void boot() throws IOException {
        Path home = settings.home();
        Files.createDirectories(logsDir());
        Files.createDirectories(runDir());
        homeLock = HomeLock.acquire(home);
        Runtime.getRuntime().addShutdownHook(stopOnExit);
        orphanGuard = OrphanGuard.watch(runDir(), home.resolve("postgres"), home.resolve(TENANT_POSTGRES));
        for (ServiceModule service : ServiceModule.values()) {
            if (!Files.isRegularFile(service.jar(settings.repository()))) {
                throw new IllegalStateException(service.jar(settings.repository()) + " is missing; build it with "
                        + "./mvnw -q -B install -DskipTests in " + settings.repository());
            }
            ServiceProcess.stopLeftover(pidFile(service), service.jar(settings.repository()));
        }
        if (!Ports.isFree(settings.httpPort())) {
            throw new IllegalStateException("the router's port " + settings.httpPort() + " is in use; "
                    + "stop what uses it or choose another with SLIPWAY_HTTP_PORT");
        }
        apiKey = AdminApiKey.readOrCreate(apiKeyFile());
        startPostgresAndKafka(home);
        Wiring wiring = wire(startTenantData(home));

        awaitReady(List.of(launch(ServiceModule.CONFIG_SERVICE, wiring)));
        List<ServiceProcess> middle = new ArrayList<>();
        for (ServiceModule service : MIDDLE) {
            middle.add(launch(service, wiring));
        }
        awaitReady(middle);
        awaitReady(List.of(launch(ServiceModule.ROUTER, wiring)));
        awaitAnswering(settings.httpPort());
        supervise();
        PlatformState.write(this);
    }

    /**
     * From here on a part that exits is restarted (see {@link Supervisor}); during the start a part
     * that exits fails the start instead, with its log, since a restart would hide the cause.
     */
    private void supervise() {
        Supervisor watching = new Supervisor(line -> System.out.println("slipway: " + line),
                () -> PlatformState.write(this), InstantSource.system());
        synchronized (this) {
            requireNotStopped();
            supervisor = watching;
        }
        watching.watch(InfrastructureParts.of(postgres));
        if (tenantPostgres != null) {
            watching.watch(InfrastructureParts.of(tenantPostgres, TENANT_POSTGRES));
        }
        watching.watch(InfrastructureParts.of(kafka));
        services.values().forEach(watching::watch);
    }

    /** Each supervised part's restarts and the time it last (re)started; empty while starting. */
    public Map<String, PartStatus> partStatus() {
        Supervisor watching = supervisor;
        return watching == null ? Map.of() : watching.status();
    }

    /** The pid of a service's JVM now (it changes when the supervisor restarts it). */
    public long servicePid(ServiceModule service) {
        ServiceProcess process = services.get(service);
        return process == null ? -1 : process.pid();
    }

    /**
     * Router first, so no request reaches a stopping service; then the rest side by side; then Kafka
     * and PostgreSQL. A second caller (the shutdown hook, say) waits until the first has finished.
     */
    public void stop() {
        synchronized (stopLock) {
            List<ServiceProcess> running;
            synchronized (this) {
                if (stopped) {
                    return;
                }
                stopped = true;
                running = new ArrayList<>(services.values());
            }
            if (supervisor != null) {
                supervisor.close(); // before anything stops, so no stop is taken for a crash
            }
            running.stream().filter(p -> p.service() == ServiceModule.ROUTER).forEach(p -> {
                p.signalStop();
                p.awaitStopped(STOP_GRACE);
            });
            running.forEach(ServiceProcess::signalStop);
            running.forEach(p -> p.awaitStopped(STOP_GRACE));
            if (kafka != null) {
                kafka.stop();
            }
            if (postgres != null) {
                postgres.stop();
            }
            if (tenantPostgres != null) {
                tenantPostgres.stop();
            }
            if (tenantNetwork != null) {
                tenantNetwork.delete(logsDir().resolve(TENANT_POSTGRES + ".log"));
            }
            PlatformState.delete(settings.home());
            if (orphanGuard != null) {
                orphanGuard.close();
            }
            if (homeLock != null) {
                homeLock.close();
            }
            try {
                Runtime.getRuntime().removeShutdownHook(stopOnExit);
            } catch (IllegalStateException alreadyExiting) {
                // the JVM is exiting: the hook is running or about to, and will find us stopped
            }
        }
    }

    @Override
    public void close() {
        stop();
    }

    public String apiKey() {
        return apiKey;
    }

    public Path apiKeyFile() {
        return settings.home().resolve("api-key");
    }

    /** The public entry, e.g. {@code http://localhost:8080}: a bare localhost is the API host. */
    public String routerUrl() {
        return "http://localhost:" + settings.httpPort();
    }

    public Path home() {
        return settings.home();
    }

    public Path logsDir() {
        return settings.home().resolve("logs");
    }

    public PlatformSettings settings() {
        return settings;
    }

    /** A service's internal base URL, e.g. {@code http://127.0.0.1:41234}. */
    public String serviceUrl(ServiceModule service) {
        ServiceProcess process = services.get(service);
        if (process == null) {
            throw new IllegalStateException(service.module() + " is not running");
        }
        return process.url();
    }

    public String serviceUrl(String module) {
        return serviceUrl(ServiceModule.byModule(module));
    }

    public Path logFile(ServiceModule service) {
        return logsDir().resolve(service.module() + ".log");
    }

    public Path logFile(String module) {
        return logFile(ServiceModule.byModule(module));
    }

    public PostgresServer postgres() {
        return postgres;
    }

    public KafkaBroker kafka() {
        return kafka;
    }

    /** The embedded cluster the add-ons' databases live on; null when the operator gave SLIPWAY_ADDON_POSTGRES_URL. */
    public PostgresServer tenantPostgres() {
        return tenantPostgres;
    }

    /**
     * The PostgreSQL that Heroku Postgres add-ons are provisioned on: the operator's
     * ({@code SLIPWAY_ADDON_POSTGRES_URL}, a superuser's {@code postgres://} URL, with
     * {@code SLIPWAY_ADDON_POSTGRES_PUBLIC_HOST} for the host dynos reach it at) or a second embedded
     * cluster under {@code $SLIPWAY_HOME/tenant-postgres}, never the platform's own. As root it runs
     * in a network namespace of its own ({@link TenantNetwork}); otherwise on loopback, its port kept
     * in {@code tenant-postgres.port} since every DATABASE_URL handed out names it.
     */
    private Wiring.TenantData startTenantData(Path home) throws IOException {
        String operatorUrl = System.getenv("SLIPWAY_ADDON_POSTGRES_URL");
        if (operatorUrl != null && !operatorUrl.isBlank()) {
            return new Wiring.TenantData(operatorUrl, System.getenv("SLIPWAY_ADDON_POSTGRES_PUBLIC_HOST"));
        }
        Path log = logsDir().resolve(TENANT_POSTGRES + ".log");
        Path portFile = home.resolve(TENANT_POSTGRES + ".port");
        int kept = Files.isRegularFile(portFile) ? Integer.parseInt(Files.readString(portFile).strip()) : 0;
        synchronized (this) {
            requireNotStopped();
            tenantNetwork = TenantNetwork.available() ? TenantNetwork.create(home, log) : null;
            tenantPostgres = PostgresServer.tenantData(home.resolve(TENANT_POSTGRES), tenantNetwork, kept, log, true);
        }
        tenantPostgres.start();
        if (tenantNetwork == null) {
            Files.writeString(portFile, tenantPostgres.port() + "\n");
        }
        return new Wiring.TenantData(tenantPostgres.adminUrl(), null);
    }

    private void startPostgresAndKafka(Path home) {
        synchronized (this) {
            requireNotStopped();
            postgres = new PostgresServer(home.resolve("postgres"), settings.postgresPort(), logsDir().resolve("postgres.log"), true);
            kafka = new KafkaBroker(home.resolve("kafka"), settings.kafkaPort(), logsDir().resolve("kafka.log"));
        }
        CompletableFuture<Void> broker = CompletableFuture.runAsync(() -> kafka.start().createTopics(Topics.ALL));
        postgres.start();
        try {
            broker.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
    }

    /** Gives every service its schema and role (a fresh password per start) and its internal port. */
    private Wiring wire(Wiring.TenantData tenantData) {
        Map<ServiceModule, Integer> ports = new EnumMap<>(ServiceModule.class);
        Map<ServiceModule, String> passwords = new EnumMap<>(ServiceModule.class);
        Map<ServiceModule, String> kafkaPasswords = new EnumMap<>(ServiceModule.class);
        for (ServiceModule service : ServiceModule.values()) {
            passwords.put(service, postgres.provisionService(service.schema(), service.role()));
            ports.put(service, Ports.orFree(settings.servicePorts().getOrDefault(service, 0)));
            kafkaPasswords.put(service, grantKafkaUser(service));
        }
        // one per start, like the database passwords: nothing outside this platform's processes ever holds it
        return new Wiring(settings, postgres.jdbcUrl(), kafka.bootstrapServers(), apiKey, ports, passwords,
                Secrets.newToken(), kafkaPasswords, tenantData);
    }

    /** The service's broker user and ACLs, with its password from {@code $SLIPWAY_HOME/kafka-credentials/} (mode 600). */
    private String grantKafkaUser(ServiceModule service) {
        try {
            String password = Secrets.readOrCreate(settings.home().resolve("kafka-credentials").resolve(service.module()));
            KafkaAccess.grant(kafka, service, password);
            return password;
        } catch (IOException e) {
            throw new UncheckedIOException("could not keep " + service.module() + "'s Kafka credential", e);
        }
    }

    private ServiceProcess launch(ServiceModule service, Wiring wiring) {
        ServiceProcess process = new ServiceProcess(service, service.jar(settings.repository()),
                wiring.ports().get(service), logFile(service), pidFile(service));
        synchronized (this) {
            requireNotStopped();
            process.start(settings.jvmOptionsFor(service), wiring.environmentOf(service, System.getenv()), settings.home());
            services.put(service, process);
        }
        return process;
    }

    /** Polls all of them together, so services that start side by side are waited for side by side. */
    private void awaitReady(List<ServiceProcess> starting) {
        long deadline = System.nanoTime() + settings.readyTimeout().toNanos();
        List<ServiceProcess> waiting = new ArrayList<>(starting);
        while (!waiting.isEmpty()) {
            waiting.removeIf(ServiceProcess::isReady);
            if (waiting.isEmpty()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw waiting.getFirst().notReadyIn(settings.readyTimeout());
            }
            requireNotStopped();
            pause();
        }
    }

    /** The router's readiness covers its management port; the public edge is a server of its own. */
    private void awaitAnswering(int port) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!Ports.answers(port)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the router is ready but nothing answers on port " + port
                        + "; see " + logFile(ServiceModule.ROUTER));
            }
            pause();
        }
    }

    private static void pause() {
        try {
            Thread.sleep(250);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting the platform", e);
        }
    }

    private synchronized void requireNotStopped() {
        if (stopped) {
            throw new IllegalStateException("the platform was stopped while it was starting");
        }
    }

    Path runDir() {
        return settings.home().resolve("run");
    }

    private Path pidFile(ServiceModule service) {
        return runDir().resolve(service.module() + ".pid");
    }
}
