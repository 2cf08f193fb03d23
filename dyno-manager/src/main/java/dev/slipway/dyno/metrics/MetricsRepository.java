package dev.slipway.dyno.metrics;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/** The metric tables: router buckets, dyno buckets (10 s and 1 min) and the timeline's events. */
@ApplicationScoped
public class MetricsRepository {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A dyno bucket as stored, with its time. */
    record DynoRow(Instant bucketStart, DynoBucket bucket) {}

    /** A timeline entry: a deploy, a restart or a scale. */
    public record TimelineEvent(Instant at, String kind, String description) {}

    /** Adds the bucket to what is stored for that app, step and time (read, add, write: ingest is the one writer). */
    void mergeRouter(Connection tx, UUID appId, int step, Instant start, RouterBucket bucket) throws SQLException {
        RouterBucket total = routerRows(tx, appId, step, start, start.plusSeconds(step), true).getOrDefault(start,
                new RouterBucket());
        total.add(bucket);
        try (PreparedStatement s = tx.prepareStatement("""
                INSERT INTO router_metric (app_id, step_seconds, bucket_start, requests_2xx, requests_3xx, requests_4xx,
                  requests_5xx, errors, latency_buckets, latency_counts, max_micros)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?)
                ON CONFLICT (app_id, step_seconds, bucket_start) DO UPDATE SET requests_2xx = EXCLUDED.requests_2xx,
                  requests_3xx = EXCLUDED.requests_3xx, requests_4xx = EXCLUDED.requests_4xx,
                  requests_5xx = EXCLUDED.requests_5xx, errors = EXCLUDED.errors,
                  latency_buckets = EXCLUDED.latency_buckets, latency_counts = EXCLUDED.latency_counts,
                  max_micros = EXCLUDED.max_micros""")) {
            s.setObject(1, appId);
            s.setInt(2, step);
            s.setTimestamp(3, Timestamp.from(start));
            for (int i = 0; i < 4; i++) {
                s.setLong(4 + i, total.requests[i]);
            }
            s.setString(8, json(total.errors));
            s.setArray(9, tx.createArrayOf("int4", total.latency.keySet().toArray(Integer[]::new)));
            s.setArray(10, tx.createArrayOf("int8", total.latency.values().toArray(Long[]::new)));
            s.setLong(11, total.maxMicros);
            s.executeUpdate();
        }
    }

    void mergeDyno(Connection tx, UUID appId, int step, Instant start, DynoBucket d) throws SQLException {
        try (PreparedStatement s = tx.prepareStatement("""
                INSERT INTO dyno_metric (app_id, step_seconds, bucket_start, dyno_name, size, memory_quota_mb,
                  memory_max_bytes, cpu_micros, interval_micros)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (app_id, step_seconds, bucket_start, dyno_name) DO UPDATE SET size = EXCLUDED.size,
                  memory_quota_mb = EXCLUDED.memory_quota_mb,
                  memory_max_bytes = GREATEST(dyno_metric.memory_max_bytes, EXCLUDED.memory_max_bytes),
                  cpu_micros = dyno_metric.cpu_micros + EXCLUDED.cpu_micros,
                  interval_micros = dyno_metric.interval_micros + EXCLUDED.interval_micros""")) {
            s.setObject(1, appId);
            s.setInt(2, step);
            s.setTimestamp(3, Timestamp.from(start));
            s.setString(4, d.dynoName());
            s.setString(5, d.size());
            s.setLong(6, d.memoryQuotaMb());
            s.setLong(7, d.memoryMaxBytes());
            s.setLong(8, d.cpuMicros());
            s.setLong(9, d.intervalMicros());
            s.executeUpdate();
        }
    }

    public void addEvent(Connection tx, UUID appId, Instant at, String kind, String description) throws SQLException {
        try (PreparedStatement s = tx.prepareStatement(
                "INSERT INTO metric_event (app_id, at, kind, description) VALUES (?, ?, ?, ?)")) {
            s.setObject(1, appId);
            s.setTimestamp(2, Timestamp.from(at));
            s.setString(3, kind);
            s.setString(4, description);
            s.executeUpdate();
        }
    }

    /** The app's router buckets of the step in [since, until), by start. */
    Map<Instant, RouterBucket> routerRows(Connection c, UUID appId, int step, Instant since, Instant until)
            throws SQLException {
        return routerRows(c, appId, step, since, until, false);
    }

    private Map<Instant, RouterBucket> routerRows(Connection c, UUID appId, int step, Instant since, Instant until,
                                                  boolean lock) throws SQLException {
        Map<Instant, RouterBucket> rows = new TreeMap<>();
        try (PreparedStatement s = c.prepareStatement("""
                SELECT bucket_start, requests_2xx, requests_3xx, requests_4xx, requests_5xx, errors::text,
                  latency_buckets, latency_counts, max_micros FROM router_metric
                WHERE app_id = ? AND step_seconds = ? AND bucket_start >= ? AND bucket_start < ?"""
                + (lock ? " FOR UPDATE" : ""))) {
            s.setObject(1, appId);
            s.setInt(2, step);
            s.setTimestamp(3, Timestamp.from(since));
            s.setTimestamp(4, Timestamp.from(until));
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    RouterBucket b = new RouterBucket();
                    for (int i = 0; i < 4; i++) {
                        b.requests[i] = rs.getLong(2 + i);
                    }
                    b.errors.putAll(errors(rs.getString(6)));
                    Object[] buckets = array(rs.getArray(7));
                    Object[] counts = array(rs.getArray(8));
                    for (int i = 0; i < buckets.length && i < counts.length; i++) {
                        b.latency.merge(((Number) buckets[i]).intValue(), ((Number) counts[i]).longValue(), Long::sum);
                    }
                    b.maxMicros = rs.getLong(9);
                    rows.put(rs.getTimestamp(1).toInstant(), b);
                }
            }
        }
        return rows;
    }

    /** The app's dyno buckets of the step in [since, until), oldest first. */
    List<DynoRow> dynoRows(Connection c, UUID appId, int step, Instant since, Instant until) throws SQLException {
        List<DynoRow> rows = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("""
                SELECT bucket_start, dyno_name, size, memory_quota_mb, memory_max_bytes, cpu_micros, interval_micros
                FROM dyno_metric WHERE app_id = ? AND step_seconds = ? AND bucket_start >= ? AND bucket_start < ?
                ORDER BY bucket_start, dyno_name""")) {
            s.setObject(1, appId);
            s.setInt(2, step);
            s.setTimestamp(3, Timestamp.from(since));
            s.setTimestamp(4, Timestamp.from(until));
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    rows.add(new DynoRow(rs.getTimestamp(1).toInstant(), new DynoBucket(rs.getString(2),
                            rs.getString(3), rs.getLong(4), rs.getLong(5), rs.getLong(6), rs.getLong(7))));
                }
            }
        }
        return rows;
    }

    /** The app's timeline in [since, until), oldest first, at most {@code limit}. */
    List<TimelineEvent> events(Connection c, UUID appId, Instant since, Instant until, int limit) throws SQLException {
        List<TimelineEvent> events = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("""
                SELECT at, kind, description FROM metric_event WHERE app_id = ? AND at >= ? AND at < ?
                ORDER BY at, id LIMIT ?""")) {
            s.setObject(1, appId);
            s.setTimestamp(2, Timestamp.from(since));
            s.setTimestamp(3, Timestamp.from(until));
            s.setInt(4, limit);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    events.add(new TimelineEvent(rs.getTimestamp(1).toInstant(), rs.getString(2), rs.getString(3)));
                }
            }
        }
        return events;
    }

    /** Deletes the step's buckets that started before {@code before}; the count deleted. */
    int expire(Connection tx, int step, Instant before) throws SQLException {
        int n = 0;
        for (String table : List.of("router_metric", "dyno_metric")) {
            try (PreparedStatement s = tx.prepareStatement(
                    "DELETE FROM " + table + " WHERE step_seconds = ? AND bucket_start < ?")) {
                s.setInt(1, step);
                s.setTimestamp(2, Timestamp.from(before));
                n += s.executeUpdate();
            }
        }
        return n;
    }

    int expireEvents(Connection tx, Instant before) throws SQLException {
        try (PreparedStatement s = tx.prepareStatement("DELETE FROM metric_event WHERE at < ?")) {
            s.setTimestamp(1, Timestamp.from(before));
            return s.executeUpdate();
        }
    }

    void deleteApp(Connection tx, UUID appId) throws SQLException {
        for (String table : List.of("router_metric", "dyno_metric", "metric_event")) {
            try (PreparedStatement s = tx.prepareStatement("DELETE FROM " + table + " WHERE app_id = ?")) {
                s.setObject(1, appId);
                s.executeUpdate();
            }
        }
    }

    private static Object[] array(Array a) throws SQLException {
        return a == null ? new Object[0] : (Object[]) a.getArray();
    }

    private static String json(Map<String, Long> errors) {
        try {
            return JSON.writeValueAsString(errors);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, Long> errors(String json) {
        try {
            return json == null ? Map.of() : JSON.readValue(json, new TypeReference<LinkedHashMap<String, Long>>() {});
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("router_metric.errors is not a JSON object of counts", e);
        }
    }
}
