// Registers a JSON Schema and a Protobuf schema with @kafkajs/confluent-schema-registry against the registry at
// argv[2] (subjects argv[3]-json and argv[3]-proto), encodes a value with each, decodes it again, and prints one
// JSON line with the ids and the encoded bytes in hex.
const { SchemaRegistry, SchemaType } = require('@kafkajs/confluent-schema-registry');

async function main() {
    const [url, subject] = process.argv.slice(2);
    const registry = new SchemaRegistry({ host: url });
    const jsonSchema = JSON.stringify({
        type: 'object', properties: { id: { type: 'string' }, amount: { type: 'number' } }, required: ['id'],
    });
    const proto = 'syntax = "proto3";\npackage acme;\n\nmessage Payment {\n  string id = 1;\n  int32 amount = 2;\n}\n';

    const { id: jsonId } = await registry.register({ type: SchemaType.JSON, schema: jsonSchema }, { subject: subject + '-json' });
    const jsonEncoded = await registry.encode(jsonId, { id: 'p-1', amount: 12.5 });
    const jsonDecoded = await registry.decode(jsonEncoded);
    let jsonInvalid = null;
    try {
        await registry.encode(jsonId, { amount: 1 });
    } catch (error) {
        jsonInvalid = String(error.message).slice(0, 60);
    }

    const { id: protoId } = await registry.register({ type: SchemaType.PROTOBUF, schema: proto }, { subject: subject + '-proto' });
    const protoEncoded = await registry.encode(protoId, { id: 'p-2', amount: 7 });
    const protoDecoded = await registry.decode(protoEncoded);
    const protoAgain = await registry.register({ type: SchemaType.PROTOBUF, schema: proto }, { subject: subject + '-proto' });

    console.log(JSON.stringify({
        jsonId,
        jsonHex: jsonEncoded.toString('hex'),
        jsonDecoded,
        jsonInvalid,
        protoId,
        protoAgain: protoAgain.id,
        protoHex: protoEncoded.toString('hex'),
        protoDecoded,
    }));
}

main().catch(error => {
    console.error(error);
    process.exit(1);
});
