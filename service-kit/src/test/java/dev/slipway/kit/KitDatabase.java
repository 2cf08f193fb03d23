package dev.slipway.kit;

import dev.slipway.devstack.Devstack;
import java.util.UUID;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

/** A fresh schema and role of its own on the shared devstack PostgreSQL, with the kit's tables. */
final class KitDatabase {
    private KitDatabase() {}

    static DataSource fresh() {
        String schema = "kit_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        Devstack devstack = Devstack.shared();
        String password = devstack.postgres().provisionService(schema, "r_" + schema);
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setURL(devstack.postgres().jdbcUrl());
        dataSource.setUser("r_" + schema);
        dataSource.setPassword(password);
        KitMigrations.migrate(dataSource);
        return dataSource;
    }

    static String bootstrapServers() {
        return Devstack.shared().kafka().bootstrapServers();
    }
}
