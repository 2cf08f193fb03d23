package dev.slipway.kit.sandbox;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes an OCI runtime bundle for a {@link SandboxSpec}: {@code config.json} and a root
 * filesystem that is an empty directory made read-only, with the host's {@code /usr} and
 * {@code /etc} bound read-only (Debian is merged-usr: {@code /bin} and friends are symlinks
 * into {@code /usr}), fresh {@code /proc}, {@code /dev}, {@code /sys} (read-only) and a private
 * {@code /tmp}, then the spec's own binds.
 */
final class OciBundle {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final List<String> MERGED_USR = List.of("bin", "lib", "lib64", "sbin");
    private static final List<String> DROP_ALL = List.of();
    /** Docker's default masks: kernel memory, timers and keys a tenant has no business reading. */
    private static final List<String> MASKED = List.of("/proc/acpi", "/proc/kcore", "/proc/keys",
            "/proc/latency_stats", "/proc/timer_list", "/proc/timer_stats", "/proc/sched_debug", "/proc/scsi",
            "/sys/firmware", "/sys/devices/virtual/powercap");
    private static final List<String> READ_ONLY = List.of("/proc/asound", "/proc/bus", "/proc/fs", "/proc/irq",
            "/proc/sys", "/proc/sysrq-trigger");
    /** Heroku's dynos get 10,000 open files. */
    private static final int NOFILE = 10_000;

    private OciBundle() {}

    /** Writes the bundle into {@code dir} (created); the netns path is null for none given. */
    static void write(Path dir, SandboxSpec spec, String netnsPath) throws IOException {
        Path rootfs = dir.resolve("rootfs");
        Files.createDirectories(rootfs);
        for (String link : MERGED_USR) {
            Files.createSymbolicLink(rootfs.resolve(link), Path.of("usr", link));
        }
        Path tmp = Files.createDirectories(rootfs.resolve("tmp"));
        // runc gives a tmpfs the mode of the directory it covers, whatever mode= says
        Files.setAttribute(tmp, "unix:mode", 01777);
        JSON.writeValue(dir.resolve("config.json").toFile(), config(spec, netnsPath));
    }

    static Map<String, Object> config(SandboxSpec spec, String netnsPath) {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("ociVersion", "1.0.2");
        config.put("process", process(spec));
        config.put("root", Map.of("path", "rootfs", "readonly", true));
        config.put("hostname", spec.hostname());
        config.put("mounts", mounts(spec));
        config.put("linux", linux(spec, netnsPath));
        return config;
    }

    private static Map<String, Object> process(SandboxSpec spec) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("terminal", false);
        p.put("user", Map.of("uid", spec.uid(), "gid", spec.gid()));
        p.put("args", SandboxInit.wrap(spec.args()));
        List<String> env = new ArrayList<>();
        spec.env().forEach((k, v) -> env.add(k + "=" + v));
        p.put("env", env);
        p.put("cwd", spec.cwd());
        p.put("capabilities", Map.of("bounding", DROP_ALL, "effective", DROP_ALL, "inheritable", DROP_ALL,
                "permitted", DROP_ALL, "ambient", DROP_ALL));
        p.put("rlimits", List.of(Map.of("type", "RLIMIT_NOFILE", "hard", NOFILE, "soft", NOFILE)));
        p.put("noNewPrivileges", true);
        return p;
    }

    private static List<Map<String, Object>> mounts(SandboxSpec spec) {
        List<Map<String, Object>> m = new ArrayList<>();
        m.add(mount("/proc", "proc", "proc", List.of("nosuid", "noexec", "nodev")));
        m.add(mount("/dev", "tmpfs", "tmpfs", List.of("nosuid", "strictatime", "mode=755", "size=65536k")));
        m.add(mount("/dev/pts", "devpts", "devpts", List.of("nosuid", "noexec", "newinstance", "ptmxmode=0666",
                "mode=0620")));
        m.add(mount("/dev/shm", "tmpfs", "shm", List.of("nosuid", "noexec", "nodev", "mode=1777", "size=65536k")));
        m.add(mount("/dev/mqueue", "mqueue", "mqueue", List.of("nosuid", "noexec", "nodev")));
        m.add(mount("/sys", "sysfs", "sysfs", List.of("nosuid", "noexec", "nodev", "ro")));
        m.add(mount("/tmp", "tmpfs", "tmpfs", List.of("nosuid", "nodev", "mode=1777",
                "size=" + Math.max(1, spec.tmpBytes() / 1024) + "k")));
        m.add(bind("/usr", "/usr", false));
        m.add(bind("/etc", "/etc", false));
        for (SandboxSpec.Bind b : spec.binds()) {
            m.add(bind(b.source().toString(), b.destination(), b.writable()));
        }
        return m;
    }

    private static Map<String, Object> linux(SandboxSpec spec, String netnsPath) {
        Map<String, Object> linux = new LinkedHashMap<>();
        linux.put("cgroupsPath", Cgroups.path(spec.id()));
        SandboxSpec.Limits l = spec.limits();
        linux.put("resources", Map.of(
                // swap limit = memory limit: no swapping past the hard limit
                "memory", Map.of("limit", l.memoryBytes(), "swap", l.memoryBytes()),
                "pids", Map.of("limit", l.pids()),
                "cpu", Map.of("shares", l.cpuShares())));
        List<Map<String, Object>> ns = new ArrayList<>();
        for (String type : List.of("pid", "mount", "uts", "ipc")) {
            ns.add(Map.of("type", type));
        }
        ns.add(netnsPath == null ? Map.of("type", "network") : Map.of("type", "network", "path", netnsPath));
        linux.put("namespaces", ns);
        linux.put("maskedPaths", MASKED);
        linux.put("readonlyPaths", READ_ONLY);
        linux.put("seccomp", SeccompProfile.linuxSeccomp());
        return linux;
    }

    private static Map<String, Object> mount(String destination, String type, String source, List<String> options) {
        return Map.of("destination", destination, "type", type, "source", source, "options", options);
    }

    private static Map<String, Object> bind(String source, String destination, boolean writable) {
        List<String> options = new ArrayList<>(List.of("rbind", "nosuid", "nodev"));
        options.add(writable ? "rw" : "ro");
        return Map.of("destination", destination, "type", "bind", "source", source, "options", options);
    }
}
