package dev.slipway.dyno.runtime;

import dev.slipway.dyno.config.DynoSettings;
import dev.slipway.dyno.domain.DynoRuntime;
import dev.slipway.dyno.domain.SlugCache;
import dev.slipway.dyno.persistence.AppUidRepository;
import dev.slipway.kit.Db;
import dev.slipway.kit.sandbox.Sandboxes;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Picks where dynos run, once, at start: in sandboxes when the machine can make them; as plain
 * processes only when the operator opted out explicitly; otherwise nowhere (every launch fails
 * with the reason).
 */
@ApplicationScoped
public class DynoRuntimes {
    private static final Logger LOG = Logger.getLogger(DynoRuntimes.class);

    @Produces
    @ApplicationScoped
    DynoRuntime runtime(DynoSettings settings, Db db, AppUidRepository uids) {
        SlugCache slugs = new SlugCache(settings.slugs());
        Optional<String> unavailable = Sandboxes.unavailable();
        if (unavailable.isEmpty()) {
            try {
                Sandboxes sandboxes = Sandboxes.open(settings.sandboxBundles(), prefix(settings), settings.dynoSubnet());
                LOG.infof("dynos run in sandboxes (runc; addresses from %s, ids %s...)", sandboxes.subnet(),
                        sandboxes.prefix());
                return new SandboxedDynoRuntime(settings, slugs,
                        new LayerCache(settings.layers(), settings.layerArchives(), true), sandboxes, db, uids);
            } catch (IOException | RuntimeException e) {
                unavailable = Optional.of(e.getMessage());
            }
        }
        if (settings.unsandboxed()) {
            return new UnsandboxedProcessRuntime(settings, slugs,
                    new LayerCache(settings.layers(), settings.layerArchives(), false));
        }
        return new RefusingDynoRuntime(unavailable.get(), settings);
    }

    /**
     * The id prefix of this platform's sandboxes, from its home: two platforms (or test runs) on
     * one host never reap each other's, and a restart in the same home reaps its predecessor's.
     */
    static String prefix(DynoSettings settings) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256")
                    .digest(settings.dynos().toString().getBytes(StandardCharsets.UTF_8));
            return "d" + HexFormat.of().formatHex(hash, 0, 4) + "-";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
