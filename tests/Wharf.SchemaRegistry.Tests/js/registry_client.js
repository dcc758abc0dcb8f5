// Registers an Avro schema with @kafkajs/confluent-schema-registry against the registry at argv[2], encodes a
// record with it (Confluent's wire format: 0x00, the big-endian id, the Avro binary), decodes it again, registers
// an evolved schema, checks compatibility and prints one JSON line with what it saw.
const { SchemaRegistry, SchemaType, readAVSCAsync } = require('@kafkajs/confluent-schema-registry');

async function main() {
    const [url, subject] = process.argv.slice(2);
    const registry = new SchemaRegistry({ host: url });
    const v1 = {
        type: 'record', name: 'Payment', namespace: 'com.acme',
        fields: [{ name: 'id', type: 'string' }, { name: 'amount', type: 'double' }],
    };
    const v2 = { ...v1, fields: [...v1.fields, { name: 'currency', type: 'string', default: 'EUR' }] };

    const { id } = await registry.register({ type: SchemaType.AVRO, schema: JSON.stringify(v1) }, { subject });
    const again = await registry.register({ type: SchemaType.AVRO, schema: JSON.stringify(v1) }, { subject });
    const encoded = await registry.encode(id, { id: 'p-1', amount: 12.5 });
    const decoded = await registry.decode(encoded);
    const latest = await registry.getLatestSchemaId(subject);
    const fetched = await registry.getSchema(id);
    const { id: id2 } = await registry.register({ type: SchemaType.AVRO, schema: JSON.stringify(v2) }, { subject });
    const decodedWithV1 = await registry.decode(await registry.encode(id2, { id: 'p-2', amount: 1, currency: 'USD' }));
    let incompatible = null;
    try {
        await registry.register({ type: SchemaType.AVRO, schema: JSON.stringify({ ...v1, fields: [{ name: 'id', type: 'int' }] }) }, { subject });
    } catch (error) {
        incompatible = { status: error.status, message: String(error.message).slice(0, 80) };
    }

    console.log(JSON.stringify({
        id,
        again: again.id,
        id2,
        latest,
        magic: encoded[0],
        headerId: encoded.readInt32BE(1),
        decoded,
        decodedWithV1,
        fetchedName: fetched.name,
        incompatible,
    }));
}

main().catch(error => {
    console.error(error);
    process.exit(1);
});
