package dev.slipway.router.domain;

import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Least outstanding requests, ties broken at random (reservoir sampling, so one pass and no
 * allocation). Heroku picks at random; this keeps a slow dyno from queueing fast requests.
 */
public final class BackendPicker {

    private BackendPicker() {}

    /** The dyno to try next, or null when every dyno is in its skip window. */
    public static Backend pick(List<Backend> backends, long nowNanos) {
        Backend best = null;
        int bestLoad = Integer.MAX_VALUE;
        int ties = 0;
        for (int i = 0, n = backends.size(); i < n; i++) {
            Backend b = backends.get(i);
            if (b.skipped(nowNanos)) {
                continue;
            }
            int load = b.outstanding();
            if (load < bestLoad) {
                best = b;
                bestLoad = load;
                ties = 1;
            } else if (load == bestLoad && ThreadLocalRandom.current().nextInt(++ties) == 0) {
                best = b;
            }
        }
        return best;
    }
}
