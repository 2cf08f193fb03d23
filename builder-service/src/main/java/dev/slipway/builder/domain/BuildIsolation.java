package dev.slipway.builder.domain;

import dev.slipway.builder.config.BuilderSettings;
import dev.slipway.kit.sandbox.Sandboxes;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Decides once, at start-up, where build steps run: in sandboxes (the default), or as host
 * processes only when the operator set {@code SLIPWAY_UNSAFE_UNSANDBOXED=true}. A host that cannot
 * sandbox without that opt-out runs no build step at all: each build fails with the reason.
 */
@ApplicationScoped
public class BuildIsolation {
    private static final Logger LOG = Logger.getLogger(BuildIsolation.class);

    private final BuilderSettings settings;
    private volatile StepLauncher launcher;
    private volatile String unavailable = "builder-service has not started yet";

    BuildIsolation(BuilderSettings settings) {
        this.settings = settings;
    }

    void start(@Observes @Priority(5) StartupEvent event) {
        if (!settings.sandbox()) {
            LOG.warn("build steps run UNSANDBOXED as the builder's own user (SLIPWAY_UNSAFE_UNSANDBOXED=true): "
                    + "a buildpack can read and change everything the builder can");
            launcher = new HostSteps();
            return;
        }
        Optional<String> why = Sandboxes.unavailable();
        if (why.isPresent()) {
            refuse(why.get());
            return;
        }
        try {
            // the prefix is the platform home's: a restart reaps what its previous run left, and no other home's
            String prefix = "bld" + Buildpacks.sha256(settings.home().toString()).substring(0, 8) + "-";
            Sandboxes sandboxes = Sandboxes.open(settings.sandboxBundles(), prefix);
            sandboxes.reap();
            launcher = new SandboxedSteps(sandboxes);
            LOG.infof("build steps run in sandboxes (runc), ids %s*", prefix);
        } catch (IOException | RuntimeException e) {
            refuse(e.getMessage());
        }
    }

    private void refuse(String why) {
        unavailable = "Builds cannot run: this host cannot sandbox them (" + why + "). An operator who accepts "
                + "running buildpacks unsandboxed may set SLIPWAY_UNSAFE_UNSANDBOXED=true.";
        LOG.error(unavailable);
    }

    /** Whether steps run in sandboxes, so each app's files must belong to its own uid. */
    boolean sandboxed() {
        return launcher instanceof SandboxedSteps;
    }

    StepLauncher launcher() throws BuildFailure {
        StepLauncher current = launcher;
        if (current == null) {
            throw new BuildFailure(unavailable);
        }
        return current;
    }
}
