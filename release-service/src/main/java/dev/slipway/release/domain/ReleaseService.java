package dev.slipway.release.domain;

import dev.slipway.events.ConfigVarsChanged;
import dev.slipway.events.ReleaseCreated;
import dev.slipway.events.ReleasePhaseFinished;
import dev.slipway.events.ReleasePhaseOutput;
import dev.slipway.events.RuntimeLayer;
import dev.slipway.events.SlugBuilt;
import dev.slipway.kit.AppRef;
import dev.slipway.kit.Caller;
import dev.slipway.kit.Db;
import dev.slipway.kit.HerokuError;
import dev.slipway.kit.Outbox;
import dev.slipway.kit.StorableText;
import dev.slipway.release.persistence.AccountRepository;
import dev.slipway.release.persistence.AppRepository;
import dev.slipway.release.persistence.ConfigSnapshotRepository;
import dev.slipway.release.persistence.ReleaseOutputRepository;
import dev.slipway.release.persistence.ReleaseRepository;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Makes releases: from a new slug, from a config change and from a rollback. Every path locks the
 * app's row first, so versions are handed out one at a time per app (UNIQUE(app_id, version) is
 * the backstop), and announces the release with ReleaseCreated before any FormationChanged.
 */
@ApplicationScoped
public class ReleaseService {
    private static final Logger LOG = Logger.getLogger(ReleaseService.class);

    private final Db db;
    private final AppRepository apps;
    private final ReleaseRepository releases;
    private final ConfigSnapshotRepository snapshots;
    private final AccountRepository accounts;
    private final FormationService formation;
    private final Outbox outbox;
    private final ReleaseOutputRepository output;
    private final SecureRandom random = new SecureRandom();

    ReleaseService(Db db, AppRepository apps, ReleaseRepository releases, ConfigSnapshotRepository snapshots,
                   AccountRepository accounts, FormationService formation, Outbox outbox, ReleaseOutputRepository output) {
        this.db = db;
        this.output = output;
        this.apps = apps;
        this.releases = releases;
        this.snapshots = snapshots;
        this.accounts = accounts;
        this.formation = formation;
        this.outbox = outbox;
    }

    public void onSlugBuilt(Connection tx, SlugBuilt e) throws SQLException {
        App app = apps.lock(tx, e.appId());
        if (app.deleted()) {
            LOG.infof("ignoring slug %s of deleted app %s", e.slugId(), e.appId());
            return;
        }
        // releases before the first deploy are config changes without a slug
        boolean firstDeploy = releases.latest(tx, app.id()).map(r -> r.slugId() == null).orElse(true);
        Optional<ConfigSnapshot> snapshot = snapshots.find(tx, app.id());
        Map<String, String> vars = snapshot.map(ConfigSnapshot::vars).orElse(Map.of());
        String commit = e.commit() == null || e.commit().isBlank() ? null : e.commit();
        String description = commit == null ? "Deploy" : "Deploy " + commit.substring(0, Math.min(7, commit.length()));
        create(tx, app, app.name(), new Draft(e.slugId(), e.slugUrl(), e.processTypes(), vars, description, commit,
                e.pushId(), app.ownerId(), app.ownerEmail(), snapshot.map(ConfigSnapshot::version).orElse(null), null,
                e.layers()),
                firstDeploy);
    }

    /**
     * Keeps the newest snapshot and makes a release on the latest one's slug. Before the first
     * deploy that release has no slug (nothing runs), as Heroku makes one for every config change.
     */
    public void onConfigChanged(Connection tx, ConfigVarsChanged e) throws SQLException {
        App app = apps.lock(tx, e.appId());
        if (app.deleted()) {
            return;
        }
        Optional<ConfigSnapshot> previous = snapshots.find(tx, app.id());
        if (previous.isPresent() && e.version() <= previous.get().version()) {
            LOG.infof("ignoring config version %d of app %s: already at %d", e.version(), app.id(),
                    previous.get().version());
            return;
        }
        snapshots.save(tx, app.id(), e.version(), e.vars());
        Optional<Release> latest = releases.latest(tx, app.id());
        // against what runs: after a rollback, config-service's echo of the old vars changes nothing
        Map<String, String> before = latest.map(Release::configVars)
                .orElse(previous.map(ConfigSnapshot::vars).orElse(Map.of()));
        // an add-on's change names itself ("Attach DATABASE (postgresql-shaped-12345)"), a user's is described here
        Optional<String> description = e.description() != null && !e.description().isBlank()
                ? Optional.of(e.description()) : ConfigChange.describe(before, e.vars());
        if (description.isEmpty()) {
            return;
        }
        // the user who changed the config, when we know their account; else the owner
        Optional<UUID> changer = e.changedBy() == null ? Optional.empty() : accounts.idByEmail(tx, e.changedBy());
        UUID userId = changer.orElse(app.ownerId());
        String userEmail = changer.isPresent() ? e.changedBy() : app.ownerEmail();
        Draft draft = latest.map(base -> new Draft(base.slugId(), base.slugUrl(), base.processTypes(), e.vars(),
                        description.get(), base.commit(), null, userId, userEmail, e.version(), null, base.layers()))
                .orElseGet(() -> new Draft(null, null, Map.of(), e.vars(), description.get(), null, null, userId,
                        userEmail, e.version(), null, List.of()));
        create(tx, app, app.name(), draft, false);
    }

    /** Lines of a release command's output: stored for output_stream_url. */
    public void onPhaseOutput(Connection tx, ReleasePhaseOutput e) throws SQLException {
        output.append(tx, e.releaseId(), e.seq(), e.lines().stream().map(StorableText::of).toList());
    }

    /** The release phase ended: the release is succeeded (live) or failed, once; a redelivery changes nothing. */
    public void onPhaseFinished(Connection tx, ReleasePhaseFinished e) throws SQLException {
        String status = e.succeeded() ? Release.SUCCEEDED : Release.FAILED;
        if (releases.finish(tx, e.releaseId(), status)) {
            LOG.infof("release v%d of app %s: release phase %s%s", e.version(), e.appId(), status,
                    e.reason() == null ? "" : " (" + e.reason() + ")");
        }
    }

    /** A new release with the slug, process types and config vars of an earlier one. */
    public Release rollback(AppRef ref, Caller caller, String target) {
        return db.inTransaction(tx -> {
            App app = apps.lock(tx, ref.id());
            Release old = resolve(tx, app.id(), target).orElseThrow(ReleaseService::releaseNotFound);
            if (old.slugId() == null) {
                throw HerokuError.invalidParams("v" + old.version() + " has no slug to run: it was made before the"
                        + " app's first deploy. Roll back to a release made by a deploy.");
            }
            return create(tx, app, ref.name(), new Draft(old.slugId(), old.slugUrl(), old.processTypes(),
                    old.configVars(), "Rollback to v" + old.version(), old.commit(), null, caller.accountId(),
                    caller.email(), null, old.version(), old.layers()), false);
        });
    }

    /** What was read together with the app's current release version, both from one snapshot. */
    public record AsOf<T>(T value, int currentVersion) {
    }

    /** Releases with versions in [from, to], and which one is current: never none or two of them. */
    public AsOf<List<Release>> list(UUID appId, Long from, Long to, boolean descending, int limit) {
        return db.readSnapshot(c -> new AsOf<>(releases.list(c, appId, from, to, descending, limit),
                currentVersion(c, appId)));
    }

    /** One release by id or version, and the current version as of the same snapshot. */
    public AsOf<Release> info(UUID appId, String idOrVersion) {
        return db.readSnapshot(c -> new AsOf<>(
                resolve(c, appId, idOrVersion).orElseThrow(ReleaseService::releaseNotFound), currentVersion(c, appId)));
    }

    public Optional<Release> current(UUID appId) {
        return db.read(c -> releases.latest(c, appId));
    }

    public Release find(UUID appId, String idOrVersion) {
        return db.read(c -> resolve(c, appId, idOrVersion)).orElseThrow(ReleaseService::releaseNotFound);
    }

    /** Heroku's {@code current}: the newest release that went live; a pending or failed one never is. */
    private int currentVersion(Connection c, UUID appId) throws SQLException {
        return releases.latestSucceeded(c, appId).map(Release::version).orElse(0);
    }

    /** The release with this output_stream_url token, if any. */
    public Optional<Release> byOutputToken(String token) {
        return db.read(c -> releases.byOutputToken(c, token));
    }

    public List<ReleaseOutputRepository.Line> outputAfter(UUID releaseId, int after, int limit) {
        return db.read(c -> output.after(c, releaseId, after, limit));
    }

    public Optional<Release> byId(UUID releaseId) {
        return db.read(c -> releases.byIdOnly(c, releaseId));
    }

    private Release create(Connection tx, App app, String appName, Draft d, boolean firstDeploy) throws SQLException {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        // the release phase runs for every release with a release command: deploys, config changes, rollbacks
        boolean phase = d.slugId() != null && d.processTypes().containsKey(ReleaseCreated.RELEASE_PROCESS_TYPE);
        Release r = new Release(UUID.randomUUID(), app.id(), releases.nextVersion(tx, app.id()), d.slugId(), d.slugUrl(),
                d.processTypes(), d.configVars(), d.description(), d.commit(), d.pushId(), d.userId(), d.userEmail(), now,
                phase ? Release.PENDING : Release.SUCCEEDED, phase ? newToken() : null, d.layers());
        releases.insert(tx, r);
        outbox.publish(tx, new ReleaseCreated(app.id(), appName, r.id(), r.version(), r.slugId(), r.slugUrl(),
                r.processTypes(), r.configVars(), r.description(), r.commit(), r.pushId(), r.createdAt(),
                d.configVersion(), d.rollbackOf(), phase ? ReleaseCreated.PENDING : ReleaseCreated.SUCCEEDED, r.layers()));
        formation.syncWithRelease(tx, app.id(), r.processTypes().keySet(), firstDeploy, now);
        LOG.infof("release v%d of app %s: %s", r.version(), app.id(), r.description());
        return r;
    }

    private String newToken() {
        byte[] bytes = new byte[24];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** A release named by its id, its version ("3") or Heroku's display form ("v3"). */
    private Optional<Release> resolve(Connection c, UUID appId, String idOrVersion) throws SQLException {
        if (idOrVersion == null) {
            return Optional.empty();
        }
        String s = idOrVersion.trim();
        String digits = s.startsWith("v") || s.startsWith("V") ? s.substring(1) : s;
        if (digits.matches("\\d{1,9}")) {
            return releases.byVersion(c, appId, Integer.parseInt(digits));
        }
        try {
            return releases.byId(c, appId, UUID.fromString(s));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static HerokuError releaseNotFound() {
        return HerokuError.notFound("Couldn't find that release.");
    }

    private record Draft(String slugId, String slugUrl, Map<String, String> processTypes, Map<String, String> configVars,
                         String description, String commit, UUID pushId, UUID userId, String userEmail,
                         Long configVersion, Integer rollbackOf, List<RuntimeLayer> layers) {}
}
