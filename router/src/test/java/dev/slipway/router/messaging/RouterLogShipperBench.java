package dev.slipway.router.messaging;

import dev.slipway.devstack.Devstack;
import dev.slipway.devstack.TestEvents;
import dev.slipway.events.EventCodec;
import dev.slipway.events.LogLine;
import dev.slipway.events.LogLines;
import dev.slipway.events.Topics;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

/**
 * Prints what shipping router lines costs; asserts nothing. Real: the shipper, its Kafka producer
 * and devstack's Kafka broker (a child JVM). Faked: the edge, played by two threads that offer
 * pre-built router lines for {@code bench.apps} (4) apps at a fixed rate.
 * Not matched by surefire's patterns, so it runs only when named:
 *
 * <pre>./mvnw -B -o -pl router -am test -Dtest=RouterLogShipperBench -Dsurefire.failIfNoSpecifiedTests=false</pre>
 *
 * Rounds: a discarded warm-up, then {@code bench.lines} (2,000,000) lines at {@code bench.high-rate}
 * (400,000) lines/s, more than the router will ever offer (where the shipper falls behind, lines are
 * dropped and the delivered rate is its capacity), then {@code bench.rate} (20,000) lines/s for
 * {@code bench.seconds} (10), about the router bench's request rate. A round
 * ends when the topic's end offsets have not moved for a second; the lines delivered are then
 * counted by reading the records back (outside the measured window). First, this process' and
 * the broker's CPU while idle, for 5 s: a share of every round's figures is that.
 */
class RouterLogShipperBench {
    private static final String LINE = "at=info method=GET path=\"/\" host=bench.localhost "
            + "request_id=%s fwd=\"127.0.0.1\" dyno=web.%d connect=0ms service=%dms status=200 bytes=%d protocol=http";
    private static final int THREADS = 2;
    private static final ThreadMXBean THREAD_CPU = ManagementFactory.getThreadMXBean();

    @Test
    void printFigures() throws Exception {
        String bootstrap = Devstack.shared().bootstrapServers();
        int apps = Integer.getInteger("bench.apps", 4);
        long lines = Long.getLong("bench.lines", 2_000_000);
        int highRate = Integer.getInteger("bench.high-rate", 400_000);
        int rate = Integer.getInteger("bench.rate", 20_000);
        int seconds = Integer.getInteger("bench.seconds", 10);
        List<UUID> appIds = new ArrayList<>();
        for (int i = 0; i < apps; i++) {
            appIds.add(UUID.randomUUID());
        }
        List<String> messages = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            messages.add(String.format(Locale.ROOT, LINE, UUID.randomUUID(), i % 4 + 1, i % 7, 100 + i));
        }
        long brokerIdle = brokerCpu();
        long processIdle = processCpu();
        Thread.sleep(5_000);
        System.out.printf(Locale.ROOT, "shipper-bench idle, cpu per s: process=%.1fms broker=%.1fms%n",
                (processCpu() - processIdle) / 1e6 / 5, (brokerCpu() - brokerIdle) / 1e6 / 5);
        try (KafkaConsumer<String, String> reader = reader(bootstrap)) {
            round("warm-up", bootstrap, reader, appIds, messages, 300_000, 100_000);
            round("rate=" + highRate, bootstrap, reader, appIds, messages, lines, highRate);
            round("rate=" + rate, bootstrap, reader, appIds, messages, (long) rate * seconds, rate);
        }
    }

    private static void round(String name, String bootstrap, KafkaConsumer<String, String> reader, List<UUID> appIds,
                              List<String> messages, long lines, int rate) throws Exception {
        RouterLogShipper shipper = new RouterLogShipper(bootstrap, true, 16_384, Duration.ofMillis(25));
        shipper.start(null);
        Map<TopicPartition, Long> before = reader.endOffsets(partitions(reader));
        long shipperCpuBefore = cpuOf(shipperThreads());
        long processCpuBefore = processCpu();
        long brokerCpuBefore = brokerCpu();
        long started = System.nanoTime();
        long[] offerCpu = new long[THREADS];
        List<Thread> edge = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            int me = t;
            edge.add(Thread.ofPlatform().name("bench-edge-" + t).start(() ->
                    offerCpu[me] = offer(shipper, appIds, messages, lines / THREADS, rate / THREADS, me)));
        }
        for (Thread t : edge) {
            t.join();
        }
        long offered = lines / THREADS * THREADS;
        long lastMove = awaitQuiet(reader, started);
        long shipperCpu = cpuOf(shipperThreads()) - shipperCpuBefore;
        long processCpu = processCpu() - processCpuBefore;
        long brokerCpu = brokerCpuBefore < 0 ? -1 : brokerCpu() - brokerCpuBefore;
        shipper.stop(null);
        long[] delivered = count(reader, before);
        double elapsed = (lastMove - started) / 1e9;
        long perK = Math.max(1, delivered[1]);
        System.out.printf(Locale.ROOT, "shipper-bench %s: offered=%d delivered=%d dropped=%d records=%d seconds=%.2f"
                        + " lines/s=%.0f; cpu per 1000 delivered lines: process=%.2fms shipper-threads=%.2fms broker=%s;"
                        + " offer cpu per 1000 offered=%.1fus%n",
                name, offered, delivered[1], offered - delivered[1], delivered[0], elapsed, delivered[1] / elapsed,
                processCpu / 1e6 * 1000 / perK, shipperCpu / 1e6 * 1000 / perK,
                brokerCpu < 0 ? "n/a" : String.format(Locale.ROOT, "%.2fms", brokerCpu / 1e6 * 1000 / perK),
                (offerCpu[0] + offerCpu[1]) / 1e3 * 1000 / Math.max(1, offered));
    }

    /**
     * One edge thread: offers its lines at {@code rate} lines/s; returns the CPU time its offers took
     * in ns, measured around each block of 64 so that the pacing's sleeps are left out.
     */
    private static long offer(RouterLogShipper shipper, List<UUID> appIds, List<String> messages, long lines, int rate,
                              int seed) {
        long cpu = 0;
        long start = System.nanoTime();
        long nanosPerLine = 1_000_000_000L / rate;
        int app = seed;
        for (long i = 0; i < lines; i += 64) {
            long ahead = start + i * nanosPerLine - System.nanoTime();
            if (ahead > 0) {
                LockSupport.parkNanos(ahead);
            }
            long before = THREAD_CPU.getCurrentThreadCpuTime();
            for (long j = i; j < Math.min(lines, i + 64); j++) {
                shipper.offer(appIds.get(app++ % appIds.size()), messages.get((int) (j & 63)));
            }
            cpu += THREAD_CPU.getCurrentThreadCpuTime() - before;
        }
        return cpu;
    }

    /** Waits until no partition's end offset has moved for a second; returns when the last move was seen. */
    private static long awaitQuiet(KafkaConsumer<String, String> reader, long since) throws InterruptedException {
        List<TopicPartition> partitions = partitions(reader);
        Map<TopicPartition, Long> last = reader.endOffsets(partitions);
        long lastMove = System.nanoTime();
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (System.nanoTime() - lastMove < 1_000_000_000L && System.nanoTime() < deadline) {
            Thread.sleep(50);
            Map<TopicPartition, Long> now = reader.endOffsets(partitions);
            if (!now.equals(last)) {
                last = now;
                lastMove = System.nanoTime();
            }
        }
        return Math.max(lastMove, since + 1);
    }

    /** The records and the lines they hold between {@code from} and the end of the topic. */
    private static long[] count(KafkaConsumer<String, String> reader, Map<TopicPartition, Long> from) {
        List<TopicPartition> partitions = partitions(reader);
        reader.assign(partitions);
        from.forEach(reader::seek);
        Map<TopicPartition, Long> end = reader.endOffsets(partitions);
        long records = 0;
        long lines = 0;
        while (partitions.stream().anyMatch(p -> reader.position(p) < end.get(p))) {
            for (ConsumerRecord<String, String> record : reader.poll(Duration.ofMillis(500))) {
                records++;
                lines += switch (EventCodec.fromJson(record.value()).payload()) {
                    case LogLines l -> l.lines().size();
                    case LogLine l -> 1;
                    default -> 0;
                };
            }
        }
        return new long[] {records, lines};
    }

    private static KafkaConsumer<String, String> reader(String bootstrap) {
        Properties p = TestEvents.clientProperties(bootstrap);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        return new KafkaConsumer<>(p);
    }

    private static List<TopicPartition> partitions(KafkaConsumer<String, String> reader) {
        return reader.partitionsFor(Topics.LOGS).stream().map(i -> new TopicPartition(i.topic(), i.partition())).toList();
    }

    /** The shipper's worker and its Kafka producer's sender thread. */
    private static List<Thread> shipperThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals("router-log-shipper") || t.getName().endsWith("| router-logs"))
                .toList();
    }

    private static long cpuOf(List<Thread> threads) {
        return threads.stream().mapToLong(t -> Math.max(0, THREAD_CPU.getThreadCpuTime(t.threadId()))).sum();
    }

    private static long processCpu() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /** CPU time of devstack's broker (the child JVM running BrokerMain) from /proc; -1 when it cannot be read. */
    private static long brokerCpu() {
        return ProcessHandle.current().descendants().mapToLong(p -> {
            try {
                Path proc = Path.of("/proc", Long.toString(p.pid()));
                if (!Files.readString(proc.resolve("cmdline")).contains("BrokerMain")) {
                    return -1;
                }
                String stat = Files.readString(proc.resolve("stat"));
                String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                // utime and stime (fields 14 and 15 of stat), in clock ticks of 10 ms
                return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * 10_000_000L;
            } catch (IOException | RuntimeException e) {
                return -1;
            }
        }).max().orElse(-1);
    }
}
