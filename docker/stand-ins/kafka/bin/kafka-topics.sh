#!/usr/bin/env bash
# Apache Kafka's kafka-topics.sh: TopicCommand from kafka-tools.
exec java -Xmx128m -XX:TieredStopAtLevel=1 -cp "/opt/kafka/libs/*" org.apache.kafka.tools.TopicCommand "$@"
