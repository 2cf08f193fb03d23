package dev.slipway.kit.sandbox;

import java.util.List;
import java.util.Map;

/**
 * The seccomp filter every sandbox gets: everything allowed except the system calls a tenant has
 * no use for and that widen the kernel surface it can attack (a deny list, not Docker's allow
 * list: the same walls with far less to maintain). Denied calls fail with EPERM, so programs
 * that probe for a feature see "not permitted" rather than dying.
 */
final class SeccompProfile {
    /** Namespaces, mounts, kernel keyrings, BPF, tracing, modules, kexec, handles, clocks, swap. */
    static final List<String> DENIED = List.of(
            "unshare", "setns", "mount", "umount2", "pivot_root", "chroot",
            "fsopen", "fsconfig", "fsmount", "fspick", "move_mount", "open_tree", "mount_setattr",
            "keyctl", "add_key", "request_key",
            "bpf", "perf_event_open", "ptrace", "process_vm_readv", "process_vm_writev",
            "kexec_load", "kexec_file_load", "init_module", "finit_module", "delete_module",
            "open_by_handle_at", "name_to_handle_at", "userfaultfd",
            "swapon", "swapoff", "reboot", "acct", "quotactl", "syslog", "lookup_dcookie",
            "iopl", "ioperm", "settimeofday", "clock_settime", "clock_adjtime", "adjtimex", "vhangup");
    /** CLONE_NEWUSER: the one namespace an unprivileged process could create for itself. */
    static final long CLONE_NEWUSER = 0x10000000L;
    private static final int EPERM = 1;
    private static final int ENOSYS = 38;

    private SeccompProfile() {}

    static Map<String, Object> linuxSeccomp() {
        return Map.of(
                "defaultAction", "SCMP_ACT_ALLOW",
                "architectures", List.of("SCMP_ARCH_X86_64", "SCMP_ARCH_X86", "SCMP_ARCH_X32",
                        "SCMP_ARCH_AARCH64", "SCMP_ARCH_ARM"),
                "syscalls", List.of(
                        Map.of("names", DENIED, "action", "SCMP_ACT_ERRNO", "errnoRet", EPERM),
                        // clone's flags are a register the filter can read: deny only a new user namespace
                        Map.of("names", List.of("clone"), "action", "SCMP_ACT_ERRNO", "errnoRet", EPERM,
                                "args", List.of(Map.of("index", 0, "value", CLONE_NEWUSER, "valueTwo", CLONE_NEWUSER,
                                        "op", "SCMP_CMP_MASKED_EQ"))),
                        // clone3's flags sit in memory the filter cannot read: ENOSYS makes libc fall back to clone
                        Map.of("names", List.of("clone3"), "action", "SCMP_ACT_ERRNO", "errnoRet", ENOSYS)));
    }
}
