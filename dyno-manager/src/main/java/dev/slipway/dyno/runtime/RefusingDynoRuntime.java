package dev.slipway.dyno.runtime;

import dev.slipway.dyno.config.DynoSettings;
import dev.slipway.dyno.domain.Dyno;
import dev.slipway.dyno.domain.DynoRuntime;
import dev.slipway.dyno.domain.DynoSpec;
import java.io.IOException;
import java.util.Optional;

/**
 * The runtime where the machine cannot sandbox and the operator did not opt out: every launch
 * fails with the reason, which the dyno's log shows as its start error.
 */
final class RefusingDynoRuntime implements DynoRuntime {
    private final String reason;
    private final DynoSettings settings;

    RefusingDynoRuntime(String reason, DynoSettings settings) {
        this.reason = reason;
        this.settings = settings;
    }

    @Override
    public Handle launch(DynoSpec spec) throws IOException {
        throw new IOException("dynos do not start on this platform: it cannot sandbox them (" + reason + "). "
                + "The operator may set " + DynoSettings.UNSANDBOXED_VARIABLE + "=true to run them unsandboxed (unsafe)");
    }

    @Override
    public void reap(Dyno stale) {}

    @Override
    public void clearWorkspace() {
        SlugUnpacker.deleteTree(settings.dynos());
    }

    @Override
    public Optional<String> startupWarning() {
        return Optional.of("DYNOS WILL NOT START: the platform cannot sandbox them: " + reason + ". Fix that, or set "
                + DynoSettings.UNSANDBOXED_VARIABLE + "=true to run dynos as plain processes of the platform's user "
                + "(UNSAFE: any app can then read the platform's secrets and reach its ports).");
    }
}
