package dev.slipway.e2e;

import dev.slipway.devstack.PartStatus;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.LifecycleMethodExecutionExceptionHandler;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * The platform an IT runs against, declared in one line as a static field:
 * <pre>
 * {@literal @}RegisterExtension
 * static final TestPlatform platform = TestPlatform.shared();   // or own(), own(Map.of(property, value))
 * </pre>
 * It starts the platform before the class's {@code @BeforeAll} methods ({@link #slipway()}), prints
 * the service logs of that platform when a test or a lifecycle method fails, and stops it after
 * the class (an own platform) or after the last class of the test JVM (the shared one).
 *
 * <p><b>shared()</b>: one platform per test JVM, started by the first class that asks, kept in the
 * root {@link ExtensionContext.Store} and closed with it. A class on it names its apps and accounts
 * with {@link #app} and {@link #email}, which append the class's own tag, so no class sees or
 * collides with another's state; after the class its apps are deleted (their dynos stop). A class
 * may share only if it leaves the platform as it found it: no service, broker or PostgreSQL
 * killed or restarted, no global setting, no flood. This is checked: after each sharing class,
 * a part restarted since the class began, or an API that no longer answers, fails that class, and
 * the damaged platform is stopped so the next class gets a fresh one.
 *
 * <p><b>own()</b>: a platform of the class's own, for ITs that break or reconfigure it. Names are
 * left as they are. When an own platform starts, an idle shared platform is stopped first (the
 * classes that share run first, see {@link SharedPlatformFirst}): two platforms do not run at once.
 */
final class TestPlatform implements BeforeAllCallback, AfterAllCallback, TestWatcher,
        LifecycleMethodExecutionExceptionHandler {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(TestPlatform.class);
    private static final String SHARED = "shared-platform";
    private static final String TAGS = "tags";

    private final boolean shared;
    private final Map<String, String> properties;
    private final String tag;
    private final Set<String> apps = ConcurrentHashMap.newKeySet();
    private Slipway slipway;
    private Path ownHome;
    private Map<String, Integer> restartsBefore = Map.of();

    private TestPlatform(boolean shared, Map<String, String> properties, String tag) {
        this.shared = shared;
        this.properties = properties;
        this.tag = tag;
    }

    /** The test JVM's one shared platform; the calling class's tag goes into its app and account names. */
    static TestPlatform shared() {
        Class<?> caller = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE).getCallerClass();
        return new TestPlatform(true, Map.of(), tagOf(caller.getSimpleName()));
    }

    /** A platform of the class's own, for a class that kills, restarts or floods its parts. */
    static TestPlatform own() {
        return own(Map.of());
    }

    /** A platform of the class's own whose services all get these system properties (a global setting). */
    static TestPlatform own(Map<String, String> properties) {
        return new TestPlatform(false, Map.copyOf(properties), "");
    }

    boolean isShared() {
        return shared;
    }

    /** The running platform; set before the class's {@code @BeforeAll} methods run. */
    Slipway slipway() {
        if (slipway == null) {
            throw new IllegalStateException("the platform is not started yet: use it from @BeforeAll on");
        }
        return slipway;
    }

    /**
     * The name this class's app {@code name} has on the platform: {@code name-tag} on the shared
     * platform (e.g. {@code rb-rpsapps} for RubyPhpStaticAppsIT's {@code rb}), {@code name} on an own one.
     * On the shared platform the app is deleted after the class.
     */
    String app(String name) {
        if (!shared) {
            return name;
        }
        String unique = name + "-" + tag;
        if (unique.length() > 30) {
            throw new IllegalArgumentException(unique + " is longer than an app name may be (30)");
        }
        apps.add(unique);
        return unique;
    }

    /** An account's email unique to this class on the shared platform ({@code user-tag@example.com}). */
    String email(String user) {
        return (shared ? user + "-" + tag : user) + "@example.com";
    }

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        ExtensionContext.Store root = context.getRoot().getStore(NAMESPACE);
        if (shared) {
            claimTag(root, context.getRequiredTestClass());
            slipway = root.computeIfAbsent(SHARED, key -> SharedPlatform.start(), SharedPlatform.class).slipway();
            restartsBefore = restarts(slipway);
        } else {
            stopShared(root, "an own platform starts for " + context.getRequiredTestClass().getSimpleName());
            ownHome = Files.createTempDirectory("slipway-e2e-own-");
            slipway = properties.isEmpty() ? Slipway.start(ownHome) : Slipway.start(ownHome, properties);
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (!shared) {
            try {
                if (slipway != null) {
                    slipway.stop();
                }
            } finally {
                deleteTree(ownHome);
            }
            return;
        }
        if (slipway == null) {
            return;
        }
        deleteApps();
        String damage = damage();
        if (!damage.isEmpty()) {
            stopShared(context.getRoot().getStore(NAMESPACE), "damaged by " + context.getRequiredTestClass().getSimpleName());
            throw new AssertionError(context.getRequiredTestClass().getSimpleName() + " left the shared platform damaged ("
                    + damage + "): a class that kills, restarts or reconfigures parts must use TestPlatform.own()");
        }
    }

    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
        printLogs(context);
    }

    @Override
    public void handleBeforeAllMethodExecutionException(ExtensionContext context, Throwable thrown) throws Throwable {
        printLogs(context);
        throw thrown;
    }

    @Override
    public void handleAfterAllMethodExecutionException(ExtensionContext context, Throwable thrown) throws Throwable {
        printLogs(context);
        throw thrown;
    }

    private void printLogs(ExtensionContext context) {
        if (slipway != null) {
            ServiceLogsOnFailure.print(slipway, (shared ? "the shared" : "its own") + " platform", context.getDisplayName());
        }
    }

    /** Two sharing classes with one tag would see each other's apps: refused before they do. */
    private void claimTag(ExtensionContext.Store root, Class<?> testClass) {
        @SuppressWarnings("unchecked")
        Map<String, String> tags = root.computeIfAbsent(TAGS, key -> new ConcurrentHashMap<String, String>(), Map.class);
        String owner = tags.putIfAbsent(tag, testClass.getName());
        if (owner != null && !owner.equals(testClass.getName())) {
            throw new IllegalStateException(testClass.getSimpleName() + " and " + owner + " both name their apps *-" + tag
                    + " on the shared platform: rename one of the classes");
        }
    }

    /** Deletes this class's apps with the admin's key; one already gone (destroyed by the test) is fine. */
    private void deleteApps() {
        Api admin = slipway.api();
        for (String app : apps) {
            Api.Response deleted = admin.send("DELETE", "/apps/" + app, null);
            if (deleted.status() != 200 && deleted.status() != 404) {
                System.err.println("e2e: could not delete " + app + " from the shared platform: " + deleted);
            }
        }
    }

    /** What changed on the shared platform during the class that must not have; empty when nothing did. */
    private String damage() {
        Map<String, Integer> now = restarts(slipway);
        Map<String, String> changed = new TreeMap<>();
        now.forEach((part, restarts) -> {
            if (!restarts.equals(restartsBefore.get(part))) {
                changed.put(part, restartsBefore.get(part) + " -> " + restarts + " restarts");
            }
        });
        Api.Response apps = slipway.api().get("/apps");
        if (apps.status() != 200) {
            changed.put("API", "GET /apps answers " + apps.status());
        }
        return changed.isEmpty() ? "" : changed.toString();
    }

    private static Map<String, Integer> restarts(Slipway slipway) {
        Map<String, Integer> restarts = new HashMap<>();
        for (Map.Entry<String, PartStatus> part : slipway.platform().partStatus().entrySet()) {
            restarts.put(part.getKey(), part.getValue().restarts());
        }
        return restarts;
    }

    private static void stopShared(ExtensionContext.Store root, String why) {
        SharedPlatform running = root.remove(SHARED, SharedPlatform.class);
        if (running != null) {
            System.out.println("e2e: stopping the shared platform: " + why);
            running.close();
        }
    }

    /** {@code RubyPhpStaticAppsIT} -> {@code rpsapps}: the initials of its words, then its last word. */
    static String tagOf(String className) {
        List<String> words = List.of(className.replaceFirst("IT$", "").split("(?=\\p{Upper})"));
        StringBuilder tag = new StringBuilder();
        for (int i = 0; i < words.size() - 1; i++) {
            tag.append(words.get(i).charAt(0));
        }
        tag.append(words.get(words.size() - 1));
        String lower = tag.toString().toLowerCase();
        return lower.length() > 10 ? lower.substring(0, 10) : lower;
    }

    static void deleteTree(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path visited, IOException e) throws IOException {
                    Files.deleteIfExists(visited);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            System.err.println("e2e: could not delete " + dir + ": " + e);
        }
    }

    /** The shared platform in the root store: JUnit closes it after the last class of the test JVM. */
    private record SharedPlatform(Slipway slipway, Path home) implements AutoCloseable {
        static SharedPlatform start() {
            try {
                Path home = Files.createTempDirectory("slipway-e2e-shared-");
                System.out.println("e2e: starting the shared platform in " + home);
                return new SharedPlatform(Slipway.start(home), home);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void close() {
            try {
                slipway.stop();
            } finally {
                deleteTree(home);
            }
        }
    }
}
