package dev.slipway.builder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slipway.builder.config.BuiltinBuildpacks;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The java and scala built-ins' scripts, as {@link BuiltinBuildpacks} writes them to disk, run by
 * bash on temporary folders: detection, the JDK inventory and the version an app asks for, the
 * dyno's heap, the default web process. The JDKs are folders made here (a release file and an
 * executable bin/java), so the cases do not depend on what this host has installed.
 */
class JvmBuildpackScriptTest {
    @TempDir
    Path tmp;
    private Path java;
    private Path scala;
    private Path jdks;
    private Path runtimes;
    private Path app;

    @BeforeEach
    void extract() throws IOException {
        BuiltinBuildpacks builtins = new BuiltinBuildpacks();
        java = builtins.extract("java", tmp.resolve("buildpacks"));
        scala = builtins.extract("scala", tmp.resolve("buildpacks"));
        jdks = Files.createDirectories(tmp.resolve("jvm"));
        runtimes = Files.createDirectories(tmp.resolve("runtimes"));
        app = Files.createDirectories(tmp.resolve("app"));
        jdk("java-17-openjdk-amd64", "17.0.15");
        jdk("temurin-25-jdk-amd64", "25.0.3");
        jdk("zulu-8-amd64", "1.8.0_392");
        Files.createSymbolicLink(jdks.resolve("java-1.17.0-openjdk-amd64"), jdks.resolve("java-17-openjdk-amd64"));
        Files.createDirectories(jdks.resolve("openjdk-17"));
        Path operator21 = Files.createDirectories(runtimes.resolve("java/21.0.2/bin"));
        executable(operator21.resolve("java"));
    }

    @Test
    void java_detects_maven_and_gradle_apps_and_nothing_else() throws Exception {
        assertDetect(java, "pom.xml", "Java");
        assertDetect(java, "mvnw", "Java");
        assertDetect(java, "build.gradle", "Gradle");
        assertDetect(java, "build.gradle.kts", "Gradle");
        assertDetect(java, "gradlew", "Gradle");
        assertDetect(java, "settings.gradle", "Gradle");
        assertEquals(1, run(java.resolve("bin/detect"), app).exit(), "an empty app is not Java");
        write("build.sbt", "name := \"x\"");
        assertEquals(1, run(java.resolve("bin/detect"), app).exit(), "an sbt app is not Java");
    }

    @Test
    void scala_detects_sbt_apps() throws Exception {
        assertEquals(1, run(scala.resolve("bin/detect"), app).exit(), "an empty app is not Scala");
        write("pom.xml", "<project/>");
        assertEquals(1, run(scala.resolve("bin/detect"), app).exit(), "a Maven app is not Scala");
        assertDetect(scala, "build.sbt", "Scala");
        assertDetect(scala, "project/build.properties", "Scala");
    }

    @Test
    void the_inventory_reads_each_jdks_release_file_skips_symlinks_and_adds_the_operators() throws Exception {
        Result inventory = lib(java, "jdk_inventory \"$JDKS\"");
        assertEquals(0, inventory.exit(), inventory.output());
        List<String> lines = inventory.output().lines().sorted().toList();
        assertEquals(List.of(
                "17.0.15\t" + jdks.resolve("java-17-openjdk-amd64"),
                "21.0.2\t" + runtimes.resolve("java/21.0.2"),
                "25.0.3\t" + jdks.resolve("temurin-25-jdk-amd64"),
                "8.0.392\t" + jdks.resolve("zulu-8-amd64")), lines);
    }

    @Test
    void the_jdk_asked_for_is_linked_into_the_slug_with_a_profile() throws Exception {
        write("system.properties", "# the app's\r\njava.runtime.version = 17\r\nmaven.version=3.9.11\r\n");
        Result installed = lib(java, "install_jdk \"$APP\" \"$JDKS\"; echo \"JAVA_HOME=$JAVA_HOME\"; command -v java");
        assertEquals(0, installed.exit(), installed.output());
        assertTrue(installed.output().contains("-----> Installing OpenJDK 17"), installed.output());
        assertTrue(installed.output().contains("JAVA_HOME=" + jdks.resolve("java-17-openjdk-amd64")), installed.output());
        assertTrue(installed.output().contains(jdks.resolve("java-17-openjdk-amd64/bin/java").toString()), installed.output());
        assertTrue(Files.isSymbolicLink(app.resolve(".jdk")));
        assertEquals(jdks.resolve("java-17-openjdk-amd64"), Files.readSymbolicLink(app.resolve(".jdk")));
        assertTrue(Files.isRegularFile(app.resolve(".profile.d/jvm.sh")));
    }

    @Test
    void versions_are_matched_as_heroku_names_them() throws Exception {
        assertPicks("java.runtime.version=1.8\n", "8.0.392");
        assertPicks("java.runtime.version=21\n", "21.0.2");
        assertPicks("java.runtime.version=zulu-25\n", "25.0.3");
        assertPicks("java.runtime.version=17.0.15\n", "17.0.15");
        assertPicks("maven.version=3.9.11\n", "25.0.3");
        Files.delete(app.resolve("system.properties"));
        Result newest = lib(java, "install_jdk \"$APP\" \"$JDKS\"");
        assertTrue(newest.output().contains("OpenJDK 25.0.3"), "no system.properties: the newest; " + newest.output());
    }

    @Test
    void a_jdk_that_is_not_there_fails_with_the_list_of_those_that_are() throws Exception {
        write("system.properties", "java.runtime.version=11\n");
        Result missing = lib(java, "install_jdk \"$APP\" \"$JDKS\"");
        assertEquals(1, missing.exit(), missing.output());
        assertTrue(missing.output().contains(" !     Java 11 is not available on this platform."), missing.output());
        assertTrue(missing.output().contains(" !     Available: 8.0.392, 17.0.15, 21.0.2, 25.0.3"), missing.output());
        assertFalse(Files.exists(app.resolve(".jdk"), LinkOption.NOFOLLOW_LINKS));
    }

    @Test
    void a_version_that_is_not_one_fails_before_anything_runs() throws Exception {
        write("system.properties", "java.runtime.version=17; touch /tmp/owned\n");
        Result bad = lib(java, "install_jdk \"$APP\" \"$JDKS\"");
        assertEquals(1, bad.exit(), bad.output());
        assertTrue(bad.output().contains("java.runtime.version is not a Java version"), bad.output());
    }

    @Test
    void the_dyno_heap_follows_herokus_sizes() throws Exception {
        lib(java, "install_jdk \"$APP\" \"$JDKS\"");
        assertEquals("-Xmx300m -Xss512k -XX:CICompilerCount=2 -Dfile.encoding=UTF-8", profileToolOptions("512", ""));
        assertEquals("-Xmx671m -XX:CICompilerCount=2 -Dfile.encoding=UTF-8", profileToolOptions("1024", ""));
        assertEquals("-Xmx2048m -Dfile.encoding=UTF-8", profileToolOptions("2560", ""));
        assertEquals("-Xmx300m -Xss512k -XX:CICompilerCount=2 -Dfile.encoding=UTF-8", profileToolOptions("lots", ""),
                "a memory size that is not a number is taken as the smallest dyno's");
        assertEquals("-Xmx671m -XX:CICompilerCount=2 -Dfile.encoding=UTF-8 -Dmine=1", profileToolOptions("1024", "-Dmine=1"),
                "the app's own JAVA_TOOL_OPTIONS come last, so they win");
    }

    @Test
    void the_default_web_process_is_the_executable_jar() throws Exception {
        Files.createDirectories(app.resolve("target"));
        jar(app.resolve("target/hello-1.0-plain.jar"), "hello.Main");
        jar(app.resolve("target/library-1.0.jar"), null);
        assertEquals("---\ndefault_process_types: {}\n", run(java.resolve("bin/release"), app).output(),
                "a plain jar and one without a Main-Class are no web process");
        jar(app.resolve("target/hello-1.0.jar"), "hello.Main");
        assertEquals("---\ndefault_process_types:\n  web: java -Dserver.port=$PORT $JAVA_OPTS -jar target/hello-1.0.jar\n",
                run(java.resolve("bin/release"), app).output());
    }

    @Test
    void gradle_jars_are_found_in_build_libs() throws Exception {
        Files.createDirectories(app.resolve("build/libs"));
        jar(app.resolve("build/libs/hello-gradle.jar"), "hello.Main");
        assertEquals("---\ndefault_process_types:\n  web: java -Dserver.port=$PORT $JAVA_OPTS -jar build/libs/hello-gradle.jar\n",
                run(java.resolve("bin/release"), app).output());
    }

    @Test
    void gradle_runs_stage_only_when_the_build_defines_it() throws Exception {
        write("build.gradle", "apply plugin: 'java'\n");
        assertEquals(1, lib(java, "gradle_has_stage_task \"$APP\"").exit());
        write("build.gradle", "apply plugin: 'java'\ntask stage(dependsOn: ['build', 'clean'])\n");
        assertEquals(0, lib(java, "gradle_has_stage_task \"$APP\"").exit());
        Files.delete(app.resolve("build.gradle"));
        write("build.gradle.kts", "tasks.register(\"stage\") { dependsOn(\"build\") }\n");
        assertEquals(0, lib(java, "gradle_has_stage_task \"$APP\"").exit());
    }

    @Test
    void mavens_own_jvm_runs_with_c1_only_unless_the_app_tunes_it_in_mvn_jvm_config() throws Exception {
        Path wrapper = Files.createDirectories(app.resolve(".mvn/wrapper"));
        Files.writeString(wrapper.resolve("maven-wrapper.properties"), "distributionType=only-script\n");
        Files.writeString(app.resolve("mvnw"), "#!/bin/sh\necho \"MAVEN_OPTS=[$MAVEN_OPTS] args=$*\"\n");
        Result c1 = lib(java, "MAVEN_OPTS=-Xmx16g maven_build \"$APP\" \"$APP/../cache\"");
        assertEquals(0, c1.exit(), c1.output());
        assertTrue(c1.output().contains("MAVEN_OPTS=[-XX:TieredStopAtLevel=1] args=-B "), c1.output());
        assertTrue(c1.output().contains("-DskipTests clean dependency:list install"), c1.output());

        write(".mvn/jvm.config", "-Xmx1g\n");
        Result own = lib(java, "MAVEN_OPTS=-Xmx16g maven_build \"$APP\" \"$APP/../cache\"");
        assertEquals(0, own.exit(), own.output());
        assertTrue(own.output().contains("MAVEN_OPTS=[] args=-B "), own.output());
    }

    /**
     * The class-data-sharing archive of Maven's JVM, with the JDK that runs this test and a fake
     * mvnw that starts it as Maven's script does ($MAVEN_OPTS, a jar class path) on a small class.
     */
    @Test
    void mavens_jvm_keeps_a_class_data_sharing_archive_in_the_cache_and_a_bad_one_only_costs_speed() throws Exception {
        Path wrapper = Files.createDirectories(app.resolve(".mvn/wrapper"));
        Files.writeString(wrapper.resolve("maven-wrapper.properties"), "distributionUrl=https://example.org/apache-maven-3.9.11-bin.zip\n");
        helloJar(app.resolve("hello.jar"), "hi");
        Files.writeString(app.resolve("mvnw"), """
                #!/bin/sh
                echo "MAVEN_OPTS=[$MAVEN_OPTS]"
                exec "$JAVA_HOME/bin/java" $MAVEN_OPTS -Xlog:class+load=info:file="$APP/../classes.log" -cp "$APP/hello.jar" Hello
                """);
        Path cds = tmp.resolve("cache/maven-cds");
        Path classes = tmp.resolve("classes.log");
        String build = "maven_build \"$APP\" \"" + tmp.resolve("cache") + "\"";

        Result cold = mavenWithJdk(build);
        assertEquals(0, cold.exit(), cold.output());
        assertTrue(cold.output().contains("-XX:TieredStopAtLevel=1 -XX:ArchiveClassesAtExit=" + cds), cold.output());
        assertTrue(cold.output().contains("hi"), cold.output());
        assertFalse(cold.output().contains("[warning]"), "the JVM's CDS notes stay out of the build output: " + cold.output());
        Path archive = onlyArchive(cds);
        assertTrue(Files.size(archive) > 0);
        assertTrue(Files.exists(Path.of(archive + ".cksum")));
        assertFalse(Files.exists(Path.of(archive + ".part")));

        Result warm = mavenWithJdk(build);
        assertEquals(0, warm.exit(), warm.output());
        assertTrue(warm.output().contains("-XX:SharedArchiveFile=" + archive + " "), warm.output());
        assertTrue(Files.readString(classes).contains("Hello source: shared objects file (top)"),
                "the warm build's JVM maps Hello from the archive");

        // damaged (a cut-off copy, which JDK 17 would map and die of): not used, written again
        byte[] whole = Files.readAllBytes(archive);
        archive.toFile().setWritable(true);
        Files.write(archive, Arrays.copyOf(whole, whole.length / 2));
        Result damaged = mavenWithJdk(build);
        assertEquals(0, damaged.exit(), damaged.output());
        assertTrue(damaged.output().contains("-XX:ArchiveClassesAtExit=" + archive + ".part"), damaged.output());
        assertEquals(whole.length, Files.size(onlyArchive(cds)));

        // stale (its checksum holds, but the class path's jar changed size): the JVM ignores it, the build
        // passes and drops it, and the next build writes it again
        helloJar(app.resolve("hello.jar"), "hello again");
        Result stale = mavenWithJdk(build);
        assertEquals(0, stale.exit(), stale.output());
        assertTrue(stale.output().contains("-XX:SharedArchiveFile=" + archive + " "), stale.output());
        assertTrue(stale.output().contains("hello again"), stale.output());
        assertFalse(Files.exists(archive), "an archive the JVM could not use is dropped");
        Result rewritten = mavenWithJdk(build);
        assertEquals(0, rewritten.exit(), rewritten.output());
        assertTrue(rewritten.output().contains("-XX:ArchiveClassesAtExit=" + archive + ".part"), rewritten.output());
        assertTrue(Files.exists(archive));

        // a failed build keeps no new archive
        Files.delete(archive);
        Files.writeString(app.resolve("mvnw"), "#!/bin/sh\nexec \"$JAVA_HOME/bin/java\" $MAVEN_OPTS -cp \"$APP/hello.jar\" NoSuchClass\n");
        Result failed = mavenWithJdk(build);
        assertEquals(1, failed.exit(), failed.output());
        try (var files = Files.list(cds)) {
            assertEquals(List.of(), files.filter(f -> f.getFileName().toString().contains(".jsa")).toList());
        }

        // .mvn/jvm.config: the app tunes Maven's JVM itself, no archive options at all
        Files.writeString(app.resolve("mvnw"), "#!/bin/sh\necho \"MAVEN_OPTS=[$MAVEN_OPTS]\"\n");
        write(".mvn/jvm.config", "-Xmx1g\n");
        Result own = mavenWithJdk(build);
        assertEquals(0, own.exit(), own.output());
        assertTrue(own.output().contains("MAVEN_OPTS=[]"), own.output());
    }

    @Test
    void scala_releases_the_staged_start_script() throws Exception {
        assertEquals("---\ndefault_process_types: {}\n", run(scala.resolve("bin/release"), app).output());
        Path bin = Files.createDirectories(app.resolve("target/universal/stage/bin"));
        executable(bin.resolve("hello-scala"));
        executable(bin.resolve("hello-scala.bat"));
        assertEquals("---\ndefault_process_types:\n  web: target/universal/stage/bin/hello-scala\n",
                run(scala.resolve("bin/release"), app).output());
    }

    @Test
    void sbt_versions_other_than_1_x_are_refused() throws Exception {
        write("project/build.properties", "sbt.version=0.13.18\n");
        Result old = lib(scala, "sbt_build \"$APP\" \"$APP/../cache\"");
        assertEquals(1, old.exit(), old.output());
        assertTrue(old.output().contains("sbt.version 0.13.18 is not supported"), old.output());
    }

    private String profileToolOptions(String memoryMb, String own) throws Exception {
        Result r = exec(List.of("bash", "-c", "HOME=\"$APP\"; . \"$APP/.profile.d/jvm.sh\"; printf '%s' \"$JAVA_TOOL_OPTIONS\""),
                Map.of("SLIPWAY_DYNO_MEMORY_MB", memoryMb, "JAVA_TOOL_OPTIONS", own));
        assertEquals(0, r.exit(), r.output());
        return r.output();
    }

    /** maven_build with JAVA_HOME the JDK that runs this test (a real one, 17 or later). */
    private Result mavenWithJdk(String script) throws Exception {
        String sources = String.join("; ", "set -eo pipefail", ". \"$PACK/lib/slipway.sh\"", ". \"$PACK/lib/jvm.sh\"",
                ". \"$PACK/lib/maven.sh\"");
        return exec(List.of("bash", "-c", sources + "\n" + script),
                Map.of("PACK", java.toString(), "JAVA_HOME", System.getProperty("java.home")));
    }

    private static Path onlyArchive(Path cds) throws IOException {
        try (var files = Files.list(cds)) {
            List<Path> archives = files.filter(f -> f.getFileName().toString().endsWith(".jsa")).toList();
            assertEquals(1, archives.size(), archives.toString());
            return archives.get(0);
        }
    }

    /** A jar with one class, Hello, whose main prints {@code greeting}; compiled by this JDK's javac. */
    private void helloJar(Path jar, String greeting) throws IOException {
        Path src = Files.createDirectories(tmp.resolve("hello-src"));
        Files.writeString(src.resolve("Hello.java"),
                "public class Hello { public static void main(String[] a) { System.out.println(\"" + greeting + "\"); } }");
        int javac = ToolProvider.getSystemJavaCompiler()
                .run(null, null, null, "-d", src.toString(), src.resolve("Hello.java").toString());
        assertEquals(0, javac);
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream jarOut = new JarOutputStream(out)) {
            jarOut.putNextEntry(new JarEntry("Hello.class"));
            jarOut.write(Files.readAllBytes(src.resolve("Hello.class")));
            jarOut.closeEntry();
        }
    }

    private void assertPicks(String systemProperties, String version) throws Exception {
        write("system.properties", systemProperties);
        Result r = lib(java, "install_jdk \"$APP\" \"$JDKS\"");
        assertEquals(0, r.exit(), r.output());
        assertTrue(r.output().contains("OpenJDK " + version + " from "), systemProperties + " -> " + r.output());
    }

    private void assertDetect(Path pack, String file, String name) throws Exception {
        Path probe = Files.createDirectories(tmp.resolve("probe-" + pack.getFileName() + "-" + file.replace('/', '-')));
        Files.createDirectories(probe.resolve(file).getParent());
        Files.writeString(probe.resolve(file), "");
        Result r = run(pack.resolve("bin/detect"), probe);
        assertEquals(0, r.exit(), file + ": " + r.output());
        assertEquals(name + "\n", r.output(), file);
    }

    /** Runs {@code script} with the buildpack's libraries sourced, as bin/compile does. */
    private Result lib(Path pack, String script) throws Exception {
        String sources = String.join("; ", "set -eo pipefail",
                ". \"$PACK/lib/slipway.sh\"", ". \"$PACK/lib/jvm.sh\"",
                pack.equals(java) ? ". \"$PACK/lib/maven.sh\"; . \"$PACK/lib/gradle.sh\"" : ". \"$PACK/lib/sbt.sh\"");
        return exec(List.of("bash", "-c", sources + "\n" + script), Map.of("PACK", pack.toString()));
    }

    private Result run(Path script, Path dir) throws Exception {
        return exec(List.of(script.toString(), dir.toString()), Map.of());
    }

    private Result exec(List<String> command, Map<String, String> extraEnv) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(new ArrayList<>(command)).redirectErrorStream(true);
        pb.environment().clear();
        pb.environment().put("PATH", "/usr/local/bin:/usr/bin:/bin");
        pb.environment().put("APP", app.toString());
        pb.environment().put("JDKS", jdks.toString());
        pb.environment().put("SLIPWAY_RUNTIMES", runtimes.toString());
        pb.environment().putAll(extraEnv);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "script did not finish");
        return new Result(p.exitValue(), out);
    }

    private void jdk(String name, String javaVersion) throws IOException {
        Path home = Files.createDirectories(jdks.resolve(name).resolve("bin"));
        executable(home.resolve("java"));
        Files.writeString(jdks.resolve(name).resolve("release"),
                "IMPLEMENTOR=\"test\"\nJAVA_VERSION=\"" + javaVersion + "\"\nJAVA_VERSION_DATE=\"2025-04-15\"\n");
    }

    private static void executable(Path file) throws IOException {
        Files.writeString(file, "#!/bin/sh\nexit 0\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private void write(String file, String content) throws IOException {
        Files.createDirectories(app.resolve(file).getParent());
        Files.writeString(app.resolve(file), content);
    }

    private static void jar(Path file, String mainClass) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        if (mainClass != null) {
            manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, mainClass);
        }
        try (OutputStream out = Files.newOutputStream(file); JarOutputStream jar = new JarOutputStream(out, manifest)) {
            jar.flush();
        }
    }

    private record Result(int exit, String output) {}
}
