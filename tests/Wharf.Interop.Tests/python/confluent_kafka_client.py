#!/usr/bin/python3
"""confluent-kafka-python 1.7 (on librdkafka 2.0.2) against a broker.

Creates a topic with the admin client, produces COUNT keyed records (idempotent producer, given compression),
consumes them in a consumer group with manual commits, reads the committed offsets back, and prints one JSON
line with what it saw. Exits non-zero with a message on stderr when anything is off.

usage: confluent_kafka_client.py BOOTSTRAP TOPIC GROUP COUNT COMPRESSION(none|gzip|snappy|lz4|zstd)
"""
import json
import sys

from confluent_kafka import Consumer, Producer, TopicPartition
from confluent_kafka.admin import AdminClient, NewTopic

PARTITIONS = 3


def main():
    bootstrap, topic, group, count, compression = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), sys.argv[5]
    admin = AdminClient({"bootstrap.servers": bootstrap})
    for future in admin.create_topics([NewTopic(topic, num_partitions=PARTITIONS, replication_factor=1)]).values():
        future.result(timeout=15)
    metadata = admin.list_topics(topic, timeout=10)
    if len(metadata.topics[topic].partitions) != PARTITIONS:
        sys.exit("topic has %d partitions" % len(metadata.topics[topic].partitions))

    errors = []
    producer = Producer({
        "bootstrap.servers": bootstrap,
        "enable.idempotence": True,
        "compression.type": compression,
        "linger.ms": 5,
    })
    for i in range(count):
        producer.produce(topic, key="key-%d" % i, value="value-%d" % i,
                         on_delivery=lambda err, msg: errors.append(err) if err else None)
    if producer.flush(30) != 0 or errors:
        sys.exit("produce failed: %s" % errors[:3])

    consumer = Consumer({
        "bootstrap.servers": bootstrap,
        "group.id": group,
        "auto.offset.reset": "earliest",
        "enable.auto.commit": False,
    })
    consumer.subscribe([topic])
    seen = {}
    idle = 0
    while len(seen) < count and idle < 30:
        message = consumer.poll(1.0)
        if message is None:
            idle += 1
            continue
        if message.error():
            sys.exit("consume error: %s" % message.error())
        seen[message.key().decode()] = message.value().decode()
    consumer.commit(asynchronous=False)
    committed = consumer.committed([TopicPartition(topic, p) for p in range(PARTITIONS)], timeout=10)
    consumer.close()

    if len(seen) != count:
        sys.exit("consumed %d of %d records" % (len(seen), count))
    print(json.dumps({"consumed": len(seen), "committed": sum(max(tp.offset, 0) for tp in committed)}))


if __name__ == "__main__":
    main()
