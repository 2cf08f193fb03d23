package dev.slipway.dyno.metrics;

import dev.slipway.kit.AppRef;
import dev.slipway.kit.Db;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Builds the series of {@code GET /apps/{app}/metrics} (the contract is {@code METRICS_API.md}
 * beside the lead's worktree, and the router README): one entry per step in every array, null
 * for a bucket without data. 10-second steps read the 10-second rows, 60 and 600 the 1-minute
 * rollup (600 adds ten of them up).
 */
@ApplicationScoped
public class MetricsSeries {
    private static final int MAX_EVENTS = 1000;

    private final Db db;
    private final MetricsRepository store;

    MetricsSeries(Db db, MetricsRepository store) {
        this.db = db;
        this.store = store;
    }

    public Map<String, Object> of(AppRef app, MetricsRange range) {
        return db.readSnapshot(c -> build(c, app, range));
    }

    private Map<String, Object> build(Connection c, AppRef app, MetricsRange range) throws SQLException {
        int step = range.step();
        int rowStep = step == 10 ? 10 : 60;
        Instant first = range.firstBucket();
        List<Instant> buckets = new ArrayList<>();
        for (Instant t = first; t.isBefore(range.until()); t = t.plusSeconds(step)) {
            buckets.add(t);
        }
        Instant end = first.plusSeconds((long) step * buckets.size());

        Map<Instant, RouterBucket> router = new TreeMap<>();
        store.routerRows(c, app.id(), rowStep, first, end).forEach((at, b) ->
                router.computeIfAbsent(bucketOf(at, first, step), k -> new RouterBucket()).add(b));
        Map<String, Map<Instant, DynoBucket>> dynos = new TreeMap<>();
        for (MetricsRepository.DynoRow row : store.dynoRows(c, app.id(), rowStep, first, end)) {
            dynos.computeIfAbsent(row.bucket().dynoName(), n -> new TreeMap<>())
                    .merge(bucketOf(row.bucketStart(), first, step), row.bucket(), DynoBucket::add);
        }

        Map<String, Object> body = new LinkedHashMap<>();
        body.put("app", Map.of("id", app.id(), "name", app.name()));
        body.put("since", range.since().toString());
        body.put("until", range.until().toString());
        body.put("step", step);
        body.put("timestamps", buckets.stream().map(Instant::getEpochSecond).toList());
        body.put("router", routerSeries(buckets, router));
        body.put("dynos", dynoSeries(buckets, dynos));
        body.put("events", store.events(c, app.id(), range.since(), range.until(), MAX_EVENTS).stream()
                .map(e -> Map.of("at", e.at().toString(), "kind", e.kind(), "description", e.description())).toList());
        return body;
    }

    private static Instant bucketOf(Instant at, Instant first, int step) {
        long offset = Math.floorDiv(at.getEpochSecond() - first.getEpochSecond(), step) * step;
        return first.plusSeconds(offset);
    }

    private static Map<String, Object> routerSeries(List<Instant> buckets, Map<Instant, RouterBucket> router) {
        Map<String, Object> requests = new LinkedHashMap<>();
        for (int i = 0; i < RouterBucket.CLASSES.length; i++) {
            int statusClass = i;
            requests.put(RouterBucket.CLASSES[i], series(buckets, router, b -> b.requests[statusClass]));
        }
        Map<String, Object> latency = new LinkedHashMap<>();
        latency.put("p50", series(buckets, router, b -> b.percentileMs(0.50)));
        latency.put("p95", series(buckets, router, b -> b.percentileMs(0.95)));
        latency.put("p99", series(buckets, router, b -> b.percentileMs(0.99)));
        latency.put("max", series(buckets, router, RouterBucket::maxMs));
        Map<String, Object> errors = new LinkedHashMap<>();
        new TreeSet<>(router.values().stream().flatMap(b -> b.errors.keySet().stream()).toList()).forEach(code ->
                errors.put(code, series(buckets, router, b -> b.errors.getOrDefault(code, 0L))));
        Map<String, Object> series = new LinkedHashMap<>();
        series.put("requests", requests);
        series.put("latency_ms", latency);
        series.put("errors", errors);
        return series;
    }

    private static Map<String, Object> dynoSeries(List<Instant> buckets, Map<String, Map<Instant, DynoBucket>> dynos) {
        Map<String, Object> all = new LinkedHashMap<>();
        dynos.forEach((name, byBucket) -> {
            DynoBucket latest = byBucket.values().stream().reduce((a, b) -> b).orElseThrow();
            Map<String, Object> dyno = new LinkedHashMap<>();
            dyno.put("size", latest.size());
            dyno.put("memory_quota_mb", latest.memoryQuotaMb());
            dyno.put("memory_mb", series(buckets, byBucket, DynoBucket::memoryMb));
            dyno.put("cpu_load", series(buckets, byBucket, DynoBucket::cpuLoad));
            all.put(name, dyno);
        });
        return all;
    }

    private static <B> List<Object> series(List<Instant> buckets, Map<Instant, B> rows, Function<B, Object> value) {
        Object[] values = new Object[buckets.size()];
        for (int i = 0; i < values.length; i++) {
            B row = rows.get(buckets.get(i));
            values[i] = row == null ? null : value.apply(row);
        }
        return Arrays.asList(values);
    }
}
