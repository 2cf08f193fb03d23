package dev.slipway.config.domain;

import dev.slipway.kit.Caller;
import dev.slipway.kit.HerokuError;

/** Admins may act on every app, other accounts on the apps they own. */
final class AppAccess {
    private AppAccess() {}

    static App require(Caller caller, App app) {
        if (app == null) {
            throw HerokuError.appNotFound();
        }
        if (!caller.admin() && !caller.accountId().equals(app.ownerId())) {
            throw HerokuError.forbidden("You do not have access to the app " + app.name() + ".");
        }
        return app;
    }
}
