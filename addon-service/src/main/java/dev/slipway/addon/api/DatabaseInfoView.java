package dev.slipway.addon.api;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.slipway.addon.domain.DatabaseDetails;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Heroku's data API database ({@code GET /client/v11/databases/{id}}): {@code info} is the list
 * {@code pg:info} prints as it comes, {@code resource_url} the URL it finds the config vars by.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record DatabaseInfoView(UUID addonId, String name, String plan, String resourceUrl, String postgresVersion,
                               int numConnections, long numBytes, int numTables, Instant createdAt,
                               List<Object> followers, List<Item> info) {

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Item(String name, List<String> values, boolean resolveDbName) {
        static Item of(String name, String value) {
            return new Item(name, List.of(value), false);
        }
    }

    public static DatabaseInfoView of(DatabaseDetails.Info d) {
        var a = d.addon();
        var s = d.stats();
        return new DatabaseInfoView(a.id(), a.name(), a.plan().name(), d.url(), s.serverVersion(), s.connections(),
                s.bytes(), s.tables(), a.createdAt(), List.of(), List.of(
                        Item.of("Plan", a.plan().humanName()),
                        Item.of("Status", "Available"),
                        Item.of("Connections", s.connections() + "/" + a.plan().connectionLimit()),
                        Item.of("PG Version", s.serverVersion()),
                        Item.of("Created", a.createdAt().toString()),
                        Item.of("Data Size", humanBytes(s.bytes())),
                        Item.of("Tables", Integer.toString(s.tables())),
                        Item.of("Fork/Follow", "Unsupported"),
                        Item.of("Rollback", "Unsupported"),
                        Item.of("Continuous Protection", "Off")));
    }

    private static String humanBytes(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        String[] units = {"kB", "MB", "GB", "TB"};
        double value = bytes;
        int unit = -1;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(java.util.Locale.ROOT, "%.1f %s", value, units[unit]);
    }
}
