package dev.slipway.config.domain;

import dev.slipway.config.persistence.CollaboratorRepository;
import dev.slipway.kit.Caller;
import dev.slipway.kit.HerokuError;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * Who may do what with an app. Admins and the owner may do everything; a collaborator everything
 * except what only the owner may (destroy, rename, change collaborators); anyone else nothing.
 */
@ApplicationScoped
public class AppAccess {
    private final CollaboratorRepository collaborators;

    AppAccess(CollaboratorRepository collaborators) {
        this.collaborators = collaborators;
    }

    /** The app, if the caller may use it: 404 when there is none, 403 when it is not theirs to use. */
    App use(Connection c, Caller caller, App app) throws SQLException {
        if (app == null) {
            throw HerokuError.appNotFound();
        }
        if (caller.admin() || caller.accountId().equals(app.ownerId())
                || collaborators.collaborates(c, app.id(), caller.accountId())) {
            return app;
        }
        throw noAccess(app);
    }

    /** The app, if the caller owns it (or is an admin); a collaborator is told what only the owner may do. */
    App own(Connection c, Caller caller, App app, String action) throws SQLException {
        use(c, caller, app);
        if (caller.admin() || caller.accountId().equals(app.ownerId())) {
            return app;
        }
        throw HerokuError.forbidden("Only the owner of " + app.name() + " can " + action + ".");
    }

    private static HerokuError noAccess(App app) {
        return HerokuError.forbidden("You do not have access to the app " + app.name() + ".");
    }
}
