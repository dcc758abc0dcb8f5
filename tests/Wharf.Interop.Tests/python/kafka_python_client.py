#!/usr/bin/python3
"""kafka-python 2.0.2 (a pure Python Kafka protocol implementation) against a broker.

Creates a topic with the admin client, produces COUNT keyed records with the given compression, consumes
them in a consumer group, commits, reads the committed offsets back, and prints one JSON line with what it
saw. Exits non-zero with a message on stderr when anything is off.

usage: kafka_python_client.py BOOTSTRAP TOPIC GROUP COUNT COMPRESSION(none|gzip|snappy|lz4|zstd)
"""
import json
import sys

from kafka import KafkaConsumer, KafkaProducer, TopicPartition
from kafka.admin import KafkaAdminClient, NewTopic

PARTITIONS = 3


def main():
    bootstrap, topic, group, count, compression = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), sys.argv[5]
    admin = KafkaAdminClient(bootstrap_servers=bootstrap, client_id="kafka-python-admin")
    admin.create_topics([NewTopic(topic, num_partitions=PARTITIONS, replication_factor=1)])
    described = admin.describe_topics([topic]) if hasattr(admin, "describe_topics") else None
    admin.close()

    producer = KafkaProducer(
        bootstrap_servers=bootstrap,
        acks="all",
        compression_type=None if compression == "none" else compression,
        key_serializer=str.encode,
        value_serializer=str.encode,
    )
    futures = [producer.send(topic, key="key-%d" % i, value="value-%d" % i) for i in range(count)]
    producer.flush()
    offsets = [f.get(timeout=10).offset for f in futures]
    producer.close()

    consumer = KafkaConsumer(
        topic,
        bootstrap_servers=bootstrap,
        group_id=group,
        auto_offset_reset="earliest",
        enable_auto_commit=False,
        consumer_timeout_ms=15000,
    )
    seen = {}
    for message in consumer:
        seen[message.key.decode()] = message.value.decode()
        if len(seen) == count:
            break
    consumer.commit()
    committed = sum(consumer.committed(TopicPartition(topic, p)) or 0 for p in range(PARTITIONS))
    consumer.close()

    wrong = [k for k, v in seen.items() if v != "value-" + k.split("-")[1]]
    if len(seen) != count or wrong:
        sys.exit("consumed %d of %d records, %d with wrong values" % (len(seen), count, len(wrong)))
    print(json.dumps({"produced": len(offsets), "consumed": len(seen), "committed": committed, "described": described is not None}))


if __name__ == "__main__":
    main()
