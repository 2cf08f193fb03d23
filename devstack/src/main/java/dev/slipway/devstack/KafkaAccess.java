package dev.slipway.devstack;

import dev.slipway.events.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

/**
 * Who may do what on the broker: each service is a SCRAM-SHA-256 user named after its module,
 * allowed to write the topics it produces (and the dead letters, which every consumer loop
 * writes), to read the topics it consumes, and to use the consumer groups named after it
 * ({@code dyno-manager} also covers {@code dyno-manager-logs}). Nothing else: the broker's
 * authorizer denies what no ACL allows.
 *
 * <p>The table mirrors ARCHITECTURE.md's produces/consumes columns and each service's
 * {@code EventHandler.topics()}, plus the kit's {@code AccessDirectory} (every service reads
 * {@code slipway.config}).
 */
final class KafkaAccess {
    static final String MECHANISM = "SCRAM-SHA-256";
    /** Written by the kit's consumer loop of every service (a record it gives up on). */
    static final String DEAD_LETTERS = "slipway.dead-letters";
    private static final int SCRAM_ITERATIONS = 8192;
    private static final Duration LIMIT = Duration.ofSeconds(30);

    /** What one service may write and read. */
    record Grant(Set<String> writes, Set<String> reads) {}

    static final Map<ServiceModule, Grant> GRANTS = Map.of(
            ServiceModule.CONFIG_SERVICE, new Grant(Set.of(Topics.CONFIG), Set.of(Topics.CONFIG, Topics.RELEASES, Topics.ADDONS)),
            ServiceModule.GIT_GATEWAY, new Grant(Set.of(Topics.GIT),
                    Set.of(Topics.CONFIG, Topics.BUILDS, Topics.RELEASES, Topics.DYNOS)),
            ServiceModule.BUILDER_SERVICE, new Grant(Set.of(Topics.BUILDS), Set.of(Topics.CONFIG, Topics.GIT)),
            ServiceModule.RELEASE_SERVICE, new Grant(Set.of(Topics.RELEASES), Set.of(Topics.CONFIG, Topics.BUILDS, Topics.DYNOS)),
            ServiceModule.DYNO_MANAGER, new Grant(Set.of(Topics.DYNOS, Topics.LOGS, Topics.METRICS),
                    Set.of(Topics.CONFIG, Topics.RELEASES, Topics.LOGS, Topics.BUILDS, Topics.METRICS)),
            ServiceModule.ROUTER, new Grant(Set.of(Topics.LOGS, Topics.METRICS), Set.of(Topics.CONFIG, Topics.DYNOS)),
            ServiceModule.ADDON_SERVICE, new Grant(Set.of(Topics.ADDONS), Set.of(Topics.CONFIG)));

    private KafkaAccess() {}

    /** The Kafka user of a service: its module name, as in docs/CONVENTIONS.md. */
    static String username(ServiceModule service) {
        return service.module();
    }

    /**
     * Creates or updates the service's SCRAM user with {@code password} and its ACLs (adding an
     * ACL that exists is a no-op), then waits until the broker takes the credential: the
     * controller hands new users to the broker's cache shortly after it answers.
     */
    static void grant(KafkaBroker broker, ServiceModule service, String password) {
        String user = username(service);
        try (Admin admin = broker.admin()) {
            admin.alterUserScramCredentials(List.of(new UserScramCredentialUpsertion(user,
                    new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_256, SCRAM_ITERATIONS), password)))
                    .all().get(LIMIT.toSeconds(), TimeUnit.SECONDS);
            admin.createAcls(acls(service)).all().get(LIMIT.toSeconds(), TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not create Kafka user " + user + " and its ACLs", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        awaitLogin(broker, user, password);
    }

    static List<AclBinding> acls(ServiceModule service) {
        String principal = "User:" + username(service);
        Grant grant = GRANTS.get(service);
        List<AclBinding> acls = new ArrayList<>();
        for (String topic : grant.writes()) {
            acls.add(allow(ResourceType.TOPIC, topic, PatternType.LITERAL, principal, AclOperation.WRITE));
        }
        acls.add(allow(ResourceType.TOPIC, DEAD_LETTERS, PatternType.LITERAL, principal, AclOperation.WRITE));
        for (String topic : grant.reads()) {
            acls.add(allow(ResourceType.TOPIC, topic, PatternType.LITERAL, principal, AclOperation.READ));
        }
        acls.add(allow(ResourceType.GROUP, service.module(), PatternType.PREFIXED, principal, AclOperation.READ));
        return acls;
    }

    /** SASL_PLAINTEXT with SCRAM-SHA-256 as {@code username}: the password never crosses the wire. */
    static Map<String, Object> scramClientProperties(String bootstrapServers, String username, String password) {
        return Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.SECURITY_PROTOCOL_CONFIG, "SASL_PLAINTEXT",
                SaslConfigs.SASL_MECHANISM, MECHANISM,
                SaslConfigs.SASL_JAAS_CONFIG, "org.apache.kafka.common.security.scram.ScramLoginModule required "
                        + "username=\"" + username + "\" password=\"" + password + "\";");
    }

    private static AclBinding allow(ResourceType type, String name, PatternType pattern, String principal, AclOperation operation) {
        return new AclBinding(new ResourcePattern(type, name, pattern),
                new AccessControlEntry(principal, "*", operation, AclPermissionType.ALLOW));
    }

    private static void awaitLogin(KafkaBroker broker, String user, String password) {
        Map<String, Object> config = new HashMap<>(scramClientProperties(broker.bootstrapServers(), user, password));
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5_000);
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
        long deadline = System.nanoTime() + LIMIT.toNanos();
        while (true) {
            try (Admin asUser = KafkaBroker.createAdmin(config)) {
                asUser.describeCluster().nodes().get(5, TimeUnit.SECONDS);
                return;
            } catch (ExecutionException | TimeoutException notYet) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the broker did not accept Kafka user " + user + " within " + LIMIT, notYet);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }
}
