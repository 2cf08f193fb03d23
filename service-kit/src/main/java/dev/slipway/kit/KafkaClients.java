package dev.slipway.kit;

import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The one place the kit builds Kafka client properties: the outbox relay's producer, the consumer
 * loop's consumer and its dead-letter producer. Settings every client needs (the broker, and
 * credentials when the broker asks for them) belong in {@link #common}.
 */
final class KafkaClients {
    private KafkaClients() {}

    static Properties common(String bootstrapServers) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        // this service's own broker login (devstack/README.md)
        return KafkaCredentials.apply(p);
    }

    /** The outbox relay's: strings in, every send acknowledged by all replicas, never doubled by a retry. */
    static Properties outboxProducer(String bootstrapServers, String clientId) {
        return reliableProducer(bootstrapServers, clientId + "-outbox", StringSerializer.class);
    }

    /** The dead letters': the original bytes out as they came in, acknowledged before the consumer moves on. */
    static Properties deadLetterProducer(String bootstrapServers, String group) {
        return reliableProducer(bootstrapServers, group + "-dead-letters", ByteArraySerializer.class);
    }

    /** Every send acknowledged by all replicas and never doubled by a retry; no batching delay. */
    private static Properties reliableProducer(String bootstrapServers, String clientId, Class<?> serializer) {
        Properties p = common(bootstrapServers);
        p.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "0");
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "10000");
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "20000");
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, serializer.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, serializer.getName());
        return p;
    }

    /**
     * The consumer loop's: offsets committed by hand after the records' transactions, raw bytes so
     * a record that is not even text can still be dead-lettered as it came.
     */
    static Properties consumer(String bootstrapServers, String group) {
        Properties p = common(bootstrapServers);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, group + "-consumer");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "500");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        return p;
    }
}
