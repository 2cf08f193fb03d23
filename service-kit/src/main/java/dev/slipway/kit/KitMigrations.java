package dev.slipway.kit;

import dev.slipway.kit.migration.V1__Create_kit_tables;
import dev.slipway.kit.migration.V2__Add_collaborators_and_key_expiry;
import dev.slipway.kit.migration.V3__Index_kit_tables_by_age;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * The kit's own tables, versioned by Flyway in a history table of their own so that they never
 * collide with the service's migrations. Java migrations, listed here, because Flyway's classpath
 * scanning does not see into a packaged Quarkus app.
 */
public final class KitMigrations {
    private KitMigrations() {}

    public static void migrate(DataSource dataSource) {
        Flyway.configure()
                .dataSource(dataSource)
                .table("kit_schema_history")
                .locations(new String[0])
                .javaMigrations(new V1__Create_kit_tables(), new V2__Add_collaborators_and_key_expiry(),
                        new V3__Index_kit_tables_by_age())
                .baselineOnMigrate(true)
                .baselineVersion("0")
                .load()
                .migrate();
    }
}
