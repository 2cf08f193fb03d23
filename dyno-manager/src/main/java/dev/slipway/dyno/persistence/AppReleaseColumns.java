package dev.slipway.dyno.persistence;

import dev.slipway.dyno.domain.AppRelease;
import dev.slipway.events.RuntimeLayersJson;
import dev.slipway.kit.JsonMaps;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.UUID;

/**
 * A release as dyno-manager stores it, in the same eleven columns in {@code app_release} (the live
 * one) and {@code release_phase} (the ones waiting for their release command).
 */
final class AppReleaseColumns {
    /** For a SELECT; {@link #read} reads them in this order. */
    static final String SELECT = "app_id, app_name, release_id, version, slug_id, slug_url,"
            + " process_types::text, config_vars::text, commit, created_at, layers::text";
    /** For an INSERT, with {@link #VALUES}; {@link #bind} sets them in this order. */
    static final String INSERT = "app_id, app_name, release_id, version, slug_id, slug_url, process_types,"
            + " config_vars, commit, created_at, layers";
    static final String VALUES = "?, ?, ?, ?, ?, ?, ?::jsonb, ?::jsonb, ?, ?, ?::jsonb";

    private AppReleaseColumns() {}

    /** Sets parameters 1 to 11 of an INSERT naming {@link #INSERT}. */
    static void bind(PreparedStatement s, AppRelease r) throws SQLException {
        s.setObject(1, r.appId());
        s.setString(2, r.appName());
        s.setObject(3, r.releaseId());
        s.setInt(4, r.version());
        s.setString(5, r.slugId());
        s.setString(6, r.slugUrl());
        s.setString(7, JsonMaps.write(r.processTypes()));
        s.setString(8, JsonMaps.write(r.configVars()));
        s.setString(9, r.commit());
        s.setTimestamp(10, Timestamp.from(r.createdAt()));
        s.setString(11, RuntimeLayersJson.write(r.layers()));
    }

    /** The release on the result's current row, selected with {@link #SELECT}. */
    static AppRelease read(ResultSet rs) throws SQLException {
        return new AppRelease(rs.getObject(1, UUID.class), rs.getString(2), rs.getObject(3, UUID.class),
                rs.getInt(4), rs.getString(5), rs.getString(6), JsonMaps.read(rs.getString(7)),
                JsonMaps.read(rs.getString(8)), rs.getString(9), rs.getTimestamp(10).toInstant(),
                RuntimeLayersJson.read(rs.getString(11)));
    }
}
