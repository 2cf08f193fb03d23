package dev.slipway.kit;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.UUID;

/**
 * Checks a request against the replicated {@link AccessDirectory}: who is calling, and may they
 * touch this app. The owner, its collaborators and admins may; everyone else gets 403, an unknown
 * app 404. A revoked or expired key is 401.
 */
public class AccessGuard {
    private final Db db;

    public AccessGuard(Db db) {
        this.db = db;
    }

    /** The caller behind an {@code Authorization} header (Bearer or Basic), or 401. */
    public Caller authenticate(String authorization) {
        String key = ApiKeys.fromAuthorization(authorization);
        if (key == null) {
            throw HerokuError.unauthorized();
        }
        Caller caller = db.read(c -> {
            try (PreparedStatement q = c.prepareStatement(
                    "SELECT account_id, email, admin FROM kit_api_key WHERE key_hash = ?"
                            + " AND (expires_at IS NULL OR expires_at > now())")) {
                q.setString(1, ApiKeys.hash(key));
                try (ResultSet rs = q.executeQuery()) {
                    return rs.next() ? new Caller(rs.getObject(1, UUID.class), rs.getString(2), rs.getBoolean(3)) : null;
                }
            }
        });
        if (caller == null) {
            throw HerokuError.unauthorized();
        }
        return caller;
    }

    /** The app named by id or name, if the caller may use it. */
    public AppRef app(Caller caller, String appIdOrName) {
        AppRef app = find(appIdOrName);
        if (app == null) {
            throw HerokuError.appNotFound();
        }
        if (!caller.admin() && !caller.accountId().equals(app.ownerId()) && !collaborates(caller, app)) {
            throw HerokuError.forbidden("You do not have access to the app " + app.name() + ".");
        }
        return app;
    }

    private boolean collaborates(Caller caller, AppRef app) {
        return db.read(c -> {
            try (PreparedStatement q = c.prepareStatement(
                    "SELECT 1 FROM kit_collaborator WHERE app_id = ? AND account_id = ?")) {
                q.setObject(1, app.id());
                q.setObject(2, caller.accountId());
                try (ResultSet rs = q.executeQuery()) {
                    return rs.next();
                }
            }
        });
    }

    /** Both checks at once, for a request that names an app. */
    public AppRef authorize(String authorization, String appIdOrName) {
        return app(authenticate(authorization), appIdOrName);
    }

    public AppRef find(String appIdOrName) {
        UUID id = parseUuid(appIdOrName);
        return db.read(c -> {
            try (PreparedStatement q = c.prepareStatement(id != null
                    ? "SELECT id, name, owner_id FROM kit_app WHERE id = ?"
                    : "SELECT id, name, owner_id FROM kit_app WHERE name = ?")) {
                q.setObject(1, id != null ? id : appIdOrName);
                try (ResultSet rs = q.executeQuery()) {
                    return rs.next() ? new AppRef(rs.getObject(1, UUID.class), rs.getString(2), rs.getObject(3, UUID.class)) : null;
                }
            }
        });
    }

    private static UUID parseUuid(String s) {
        if (s == null || s.length() != 36) {
            return null;
        }
        try {
            return UUID.fromString(s);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
