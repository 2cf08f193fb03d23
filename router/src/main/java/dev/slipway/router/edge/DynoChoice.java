package dev.slipway.router.edge;

import dev.slipway.router.domain.AppRoute;
import dev.slipway.router.domain.Backend;
import dev.slipway.router.domain.BackendPicker;
import io.netty.channel.ChannelFuture;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Where one exchange sends its request, and whether it may send it again: the app's dyno it
 * picked, counted as outstanding on that dyno until released so that the picker sees the load,
 * or a platform service, which is a choice of one. It is apart from {@link Exchange}, which relays
 * the bytes, so that the pick, the tries, the skip window and the error for running out of dynos
 * read in one place. One per exchange, confined to the exchange's event loop like the exchange.
 */
final class DynoChoice {
    /** How long a dyno that refused a connection or hung up stays out of the pick. */
    private static final long SKIP_NANOS = TimeUnit.SECONDS.toNanos(5);
    private static final Set<HttpMethod> IDEMPOTENT = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS,
            HttpMethod.PUT, HttpMethod.DELETE, HttpMethod.TRACE);

    private Backend backend;
    private boolean holdsBackend;
    private Object poolKey;
    private String name;
    private String host;
    private int port;
    private int attempts;
    /** What the client gets when no dyno is left to try. */
    private RouterError noDynoLeft = RouterError.H10;

    /**
     * A request that failed before any response byte may go to another dyno when sending it twice
     * does no harm: an idempotent method and no body (a body was consumed by the first attempt).
     */
    static boolean safeToResend(HttpRequest request, boolean hasBody) {
        return !hasBody && IDEMPOTENT.contains(request.method());
    }

    /** A platform service: the only target, so there is nothing to pick or skip. */
    void service(String serviceName, String serviceHost, int servicePort) {
        name = serviceName;
        poolKey = serviceName;
        host = serviceHost;
        port = servicePort;
    }

    /** Picks the next of the app's dynos and holds it; false when none is left to try. */
    boolean pickNext(AppRoute app) {
        Backend b = attempts < app.backends().size() ? BackendPicker.pick(app.backends(), System.nanoTime()) : null;
        if (b == null) {
            return false;
        }
        attempts++;
        b.acquire();
        holdsBackend = true;
        backend = b;
        poolKey = b;
        name = b.name();
        host = b.host();
        port = b.port();
        return true;
    }

    /** The dyno refused the connection or hung up without an answer: released, and skipped for a while. */
    void dynoFailed() {
        release();
        backend.skipFor(SKIP_NANOS, System.nanoTime());
    }

    /**
     * A dyno hung up and the request goes to the next one: should none be left, the client learns
     * of the hang-up (H13), not of a crash (H10).
     */
    void resendAfterHangUp() {
        noDynoLeft = RouterError.H13;
    }

    RouterError noDynoLeft() {
        return noDynoLeft;
    }

    /** The dyno no longer counts this request as outstanding; a second call does nothing. */
    void release() {
        if (holdsBackend) {
            holdsBackend = false;
            backend.release();
        }
    }

    /** The dyno's or service's name, for the access log and the error page. */
    String name() {
        return name;
    }

    BackConnection takeIdle(BackendPool pool) {
        return pool.takeIdle(poolKey);
    }

    ChannelFuture connect(BackendPool pool) {
        return pool.connect(poolKey, host, port);
    }
}
