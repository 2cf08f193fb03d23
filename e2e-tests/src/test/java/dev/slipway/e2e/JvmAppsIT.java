package dev.slipway.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The JVM languages end to end, each app pushed with no buildpack set: a Spring Boot 4 app with
 * mvnw on the Java 17 its system.properties asks for (and a warm push that downloads nothing), a
 * plain Gradle app on the newest JDK, an sbt app, and an app asking for a JDK the platform lacks.
 * Real: the platform, git, Maven Central, the host's JDKs, the dynos, HTTP through the router.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class JvmAppsIT {
    private static final Pattern PICKED = Pattern.compile("OpenJDK (\\S+) from ");
    @RegisterExtension
    static final TestPlatform platform = TestPlatform.shared();
    private static final String SPRING = platform.app("spring");
    private static final String GRADLE = platform.app("gradle");
    private static final String SCALA = platform.app("scala");
    private static final String NOJDK = platform.app("nojdk");

    @TempDir
    static Path work;
    private Slipway slipway;
    private FixtureApp spring;

    @BeforeAll
    void fourApps() {
        slipway = platform.slipway();
        for (String app : new String[] {SPRING, GRADLE, SCALA, NOJDK}) {
            slipway.createApp(app);
        }
    }

    @Test
    @Order(1)
    void a_spring_boot_app_with_mvnw_runs_on_the_java_17_it_asks_for() throws Exception {
        spring = FixtureApp.of("java-spring-boot", Files.createDirectories(work.resolve("spring")));
        Shell.Result push = slipway.awaitPushAccepted(spring, slipway.gitUrl(SPRING));
        String out = push.output();
        assertTrue(out.contains("-----> Java app detected"), out);
        assertTrue(out.contains("-----> Installing OpenJDK 17"), out);
        assertTrue(out.contains("Using the Maven wrapper (./mvnw) of the app"), out);
        assertTrue(out.contains("BUILD SUCCESS"), out);
        String body = slipway.awaitApp(SPRING, "hello from spring-boot 4.");
        assertTrue(body.contains("java.version=17."), body);
        assertTrue(body.contains("java.home=/usr/lib/jvm/"), "the host's read-only JDK, reached through the slug's .jdk: " + body);
        assertTrue(body.contains("max-heap-mb=") && !body.contains("max-heap-mb=0"), body);
    }

    @Test
    @Order(2)
    void a_warm_push_of_the_same_dependencies_downloads_nothing() {
        spring.change("src/main/resources/application.properties", "greeting=warm\n");
        long pushed = System.nanoTime();
        Shell.Result push = spring.push(slipway.gitUrl(SPRING));
        assertEquals(0, push.exitCode(), push.output());
        // Maven in batch mode prints a "Downloading from"/"Downloaded from" line for every
        // artifact it fetches, the wrapper a line for Maven itself: none means nothing resolved.
        assertFalse(push.output().contains("Downloading from"), push.output());
        assertFalse(push.output().contains("Downloaded from"), push.output());
        assertTrue(push.output().contains("BUILD SUCCESS"), push.output());
        slipway.awaitApp(SPRING, "warm from spring-boot");
        System.out.printf("e2e: spring-boot warm push to first 200 of the new release: %d ms%n",
                (System.nanoTime() - pushed) / 1_000_000);
    }

    @Test
    @Order(3)
    void a_gradle_app_without_system_properties_runs_on_the_newest_jdk() throws Exception {
        FixtureApp gradle = FixtureApp.of("gradle-plain", Files.createDirectories(work.resolve("gradle")));
        Shell.Result push = slipway.awaitPushAccepted(gradle, slipway.gitUrl(GRADLE));
        String out = push.output();
        assertTrue(out.contains("-----> Gradle app detected"), out);
        assertTrue(out.contains("(this platform's)"), "no wrapper: the host's Gradle, said so: " + out);
        Matcher picked = PICKED.matcher(out);
        assertTrue(picked.find(), out);
        String body = slipway.awaitApp(GRADLE, "hello from Gradle");
        assertTrue(body.contains("java.version=" + picked.group(1)), "the JDK the build picked runs the dyno: " + body);
    }

    @Test
    @Order(4)
    void an_sbt_app_is_built_by_sbt_from_maven_central_and_runs_its_staged_script() throws Exception {
        FixtureApp scala = FixtureApp.of("scala-sbt", Files.createDirectories(work.resolve("scala")));
        Shell.Result push = slipway.awaitPushAccepted(scala, slipway.gitUrl(SCALA));
        String out = push.output();
        assertTrue(out.contains("-----> Scala app detected"), out);
        assertTrue(out.contains("-----> Installing sbt 1.11.7"), out);
        String body = slipway.awaitApp(SCALA, "hello from scala 2.13.");
        assertTrue(body.contains("java.version=17."), body);
    }

    @Test
    @Order(5)
    void an_app_asking_for_a_jdk_the_platform_lacks_fails_with_the_list() throws Exception {
        FixtureApp nojdk = FixtureApp.of("java-missing-jdk", Files.createDirectories(work.resolve("nojdk")));
        Shell.Result push = nojdk.push(slipway.gitUrl(NOJDK));
        String out = push.output();
        assertNotEquals(0, push.exitCode(), out);
        assertTrue(out.contains("Java 11 is not available on this platform."), out);
        assertTrue(Pattern.compile("Available: [^\\n]*\\b17\\.").matcher(out).find(), "the list names the JDK 17 there is: " + out);
        assertTrue(out.contains("rejected") || out.contains("failed"), out);
    }
}
