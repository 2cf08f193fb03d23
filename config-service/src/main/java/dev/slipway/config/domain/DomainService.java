package dev.slipway.config.domain;

import dev.slipway.config.persistence.DomainRepository;
import dev.slipway.events.DomainAdded;
import dev.slipway.events.DomainRemoved;
import dev.slipway.kit.Caller;
import dev.slipway.kit.Db;
import dev.slipway.kit.HerokuError;
import dev.slipway.kit.Outbox;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Custom domains. The default {@code <app>.<domain>} is derived, never stored. */
@ApplicationScoped
public class DomainService {
    private static final Pattern LABEL = Pattern.compile("^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$");

    private final Db db;
    private final Outbox outbox;
    private final AppService appService;
    private final DomainRepository domains;
    private final String platformDomain;

    DomainService(Db db, Outbox outbox, AppService appService, DomainRepository domains,
                  @ConfigProperty(name = "slipway.domain") String platformDomain) {
        this.db = db;
        this.outbox = outbox;
        this.appService = appService;
        this.domains = domains;
        this.platformDomain = platformDomain.toLowerCase(Locale.ROOT);
    }

    public List<CustomDomain> list(Caller caller, String idOrName) {
        App app = appService.get(caller, idOrName);
        return db.read(c -> domains.list(c, app.id()));
    }

    public CustomDomain get(Caller caller, String idOrName, String hostname) {
        App app = appService.get(caller, idOrName);
        CustomDomain domain = db.read(c -> domains.find(c, normalize(hostname)));
        if (domain == null || !domain.appId().equals(app.id())) {
            throw HerokuError.notFound("Couldn't find that domain.");
        }
        return domain;
    }

    public CustomDomain add(Caller caller, String idOrName, String rawHostname) {
        String hostname = requireValid(rawHostname);
        return db.inTransaction(tx -> {
            App app = appService.lock(tx, caller, idOrName);
            CustomDomain added = domains.insert(tx, app.id(), hostname);
            if (added == null) {
                CustomDomain holder = domains.find(tx, hostname);
                throw HerokuError.invalidParams(holder != null && holder.appId().equals(app.id())
                        ? "Domain already added to this app."
                        : "The domain " + hostname + " is already taken by another app.");
            }
            outbox.publish(tx, new DomainAdded(app.id(), hostname));
            return added;
        });
    }

    public CustomDomain remove(Caller caller, String idOrName, String hostname) {
        String normalized = normalize(hostname);
        return db.inTransaction(tx -> {
            App app = appService.lock(tx, caller, idOrName);
            CustomDomain domain = domains.find(tx, normalized);
            if (domain == null || !domain.appId().equals(app.id())) {
                throw HerokuError.notFound("Couldn't find that domain.");
            }
            domains.delete(tx, domain.id());
            outbox.publish(tx, new DomainRemoved(app.id(), domain.hostname()));
            return domain;
        });
    }

    /**
     * A DNS name of at least two labels, optionally a leading wildcard. Names under the platform
     * domain are refused: they would shadow other apps' default hostnames.
     */
    String requireValid(String raw) {
        String hostname = normalize(raw);
        if (hostname == null || hostname.isEmpty() || hostname.length() > 253) {
            throw HerokuError.invalidParams("Hostname must be a valid domain name.");
        }
        String[] labels = hostname.split("\\.", -1);
        if (labels.length < 2) {
            throw HerokuError.invalidParams("Hostname must be a valid domain name with at least two labels.");
        }
        for (int i = 0; i < labels.length; i++) {
            boolean wildcard = i == 0 && labels[i].equals("*");
            if (!wildcard && !LABEL.matcher(labels[i]).matches()) {
                throw HerokuError.invalidParams("Hostname must be a valid domain name: " + raw);
            }
        }
        if (hostname.equals(platformDomain) || hostname.endsWith("." + platformDomain)) {
            throw HerokuError.invalidParams("Hostnames under " + platformDomain + " are reserved for the platform.");
        }
        return hostname;
    }

    private static String normalize(String hostname) {
        if (hostname == null) {
            return null;
        }
        String h = hostname.trim().toLowerCase(Locale.ROOT);
        return h.endsWith(".") ? h.substring(0, h.length() - 1) : h;
    }
}
