// kafkajs 2.2.4 (a pure JavaScript Kafka protocol implementation) against a broker.
//
// Creates a topic with the admin client, produces COUNT keyed records (gzip when asked), consumes them in a
// consumer group, commits, reads the committed offsets back with the admin client, and prints one JSON line.
// Exits non-zero with a message on stderr when anything is off.
//
// usage: node kafkajs_client.js BOOTSTRAP TOPIC GROUP COUNT COMPRESSION(none|gzip)
const { Kafka, CompressionTypes, logLevel } = require('kafkajs');

const PARTITIONS = 3;

async function main() {
  const [bootstrap, topic, group, countText, compression] = process.argv.slice(2);
  const count = Number(countText);
  const kafka = new Kafka({ clientId: 'kafkajs-interop', brokers: [bootstrap], logLevel: logLevel.ERROR });

  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic, numPartitions: PARTITIONS, replicationFactor: 1 }], waitForLeaders: true });

  const producer = kafka.producer();
  await producer.connect();
  const messages = Array.from({ length: count }, (_, i) => ({ key: `key-${i}`, value: `value-${i}` }));
  await producer.send({
    topic,
    acks: -1,
    compression: compression === 'gzip' ? CompressionTypes.GZIP : CompressionTypes.None,
    messages,
  });
  await producer.disconnect();

  const consumer = kafka.consumer({ groupId: group });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  const seen = new Map();
  await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`consumed ${seen.size} of ${count} records before the deadline`)), 30000);
    consumer.run({
      autoCommit: true,
      eachMessage: async ({ message }) => {
        seen.set(message.key.toString(), message.value.toString());
        if (seen.size === count) {
          clearTimeout(timer);
          resolve();
        }
      },
    }).catch(reject);
  });
  await consumer.disconnect(); // commits the offsets of the records processed

  const offsets = await admin.fetchOffsets({ groupId: group, topics: [topic] });
  const committed = offsets[0].partitions.reduce((sum, p) => sum + Math.max(Number(p.offset), 0), 0);
  await admin.disconnect();

  for (const [key, value] of seen) {
    if (value !== `value-${key.split('-')[1]}`) throw new Error(`wrong value ${value} for ${key}`);
  }
  console.log(JSON.stringify({ consumed: seen.size, committed }));
}

main().catch((error) => {
  console.error(error.stack || String(error));
  process.exit(1);
});
