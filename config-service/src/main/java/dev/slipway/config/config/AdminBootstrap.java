package dev.slipway.config.config;

import dev.slipway.config.domain.AccountService;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Makes sure the launcher's admin key ({@code SLIPWAY_ADMIN_API_KEY}) works. Runs after the kit
 * (priority 10) has created the outbox table the announcement is written to.
 */
@ApplicationScoped
public class AdminBootstrap {
    private static final Logger LOG = Logger.getLogger(AdminBootstrap.class);

    void onStart(@Observes @Priority(100) StartupEvent event, AccountService accounts,
                 @ConfigProperty(name = "slipway.admin-api-key") Optional<String> adminKey) {
        String key = adminKey.map(String::trim).orElse("");
        if (key.isEmpty()) {
            LOG.info("no SLIPWAY_ADMIN_API_KEY set: no admin key bootstrapped");
            return;
        }
        if (accounts.ensureAdminKey(key)) {
            LOG.infof("admin key stored for %s", AccountService.ADMIN_EMAIL);
        }
    }
}
