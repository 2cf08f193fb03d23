package dev.slipway.devstack;

/**
 * The broker and PostgreSQL as the {@link Supervisor} sees them. Both come back on the same port
 * and data directory: the broker from its log directory, PostgreSQL by crash recovery from its
 * WAL; clients reconnect by themselves (Kafka clients retry, the services' pools open new
 * connections), so the services ride it out without a restart of their own.
 */
final class InfrastructureParts {
    private InfrastructureParts() {}

    static SupervisedPart of(KafkaBroker kafka) {
        return new SupervisedPart() {
            @Override
            public String name() {
                return "kafka";
            }

            @Override
            public boolean isAlive() {
                return kafka.isRunning();
            }

            @Override
            public String exitDescription() {
                return kafka.exitDescription();
            }

            @Override
            public void restart() {
                kafka.restart();
            }
        };
    }

    static SupervisedPart of(PostgresServer postgres) {
        return of(postgres, "postgres");
    }

    /** {@code name}: {@code postgres} for the platform's own, {@code tenant-postgres} for the add-ons' cluster. */
    static SupervisedPart of(PostgresServer postgres, String name) {
        return new SupervisedPart() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public boolean isAlive() {
                return postgres.isServing();
            }

            @Override
            public String exitDescription() {
                return "no postmaster";
            }

            @Override
            public void restart() {
                postgres.recover();
            }
        };
    }
}
