#!/usr/bin/python3
"""python3-avro's side of `wharf-bench registry` (bench/README.md).

  /usr/bin/python3 avro_rates.py SCHEMA.avsc RECORDS.jsonl MIN_SECONDS

Reads the records (one JSON object a line, plain JSON: unions unwrapped, which is how python3-avro takes
datums), then times python3-avro's own loops as an application uses them: DatumWriter.write into a fresh
BytesIO + BinaryEncoder per record, and DatumReader.read from a BinaryDecoder per record. Each loop runs over all
records, again and again until MIN_SECONDS passed. Prints one JSON object: the rates, the SHA-256 of all the
encodings concatenated (the benchmark compares it with Wharf.Avro's bytes for the same records) and how many
decoded records differ from the ones read.
"""

import hashlib
import io
import json
import sys
import time

import avro
import avro.io
import avro.schema


def timed(loop, records, min_seconds):
    rounds = 0
    start = time.perf_counter()
    while True:
        result = loop()
        rounds += 1
        elapsed = time.perf_counter() - start
        if elapsed >= min_seconds:
            return result, rounds * len(records) / elapsed


def main(schema_path, records_path, min_seconds):
    with open(schema_path, encoding="utf-8") as f:
        schema = avro.schema.parse(f.read())
    with open(records_path, encoding="utf-8") as f:
        records = [json.loads(line) for line in f]
    writer = avro.io.DatumWriter(schema)
    reader = avro.io.DatumReader(schema)

    def encode_all():
        encoded = []
        for record in records:
            buffer = io.BytesIO()
            writer.write(record, avro.io.BinaryEncoder(buffer))
            encoded.append(buffer.getvalue())
        return encoded

    encoded, encode_rate = timed(encode_all, records, min_seconds)

    def decode_all():
        return [reader.read(avro.io.BinaryDecoder(io.BytesIO(data))) for data in encoded]

    decoded, decode_rate = timed(decode_all, records, min_seconds)
    print(json.dumps({
        "version": avro.__version__,
        "records": len(records),
        "encode_per_second": encode_rate,
        "decode_per_second": decode_rate,
        "bytes": sum(len(e) for e in encoded),
        "sha256": hashlib.sha256(b"".join(encoded)).hexdigest(),
        "mismatches": sum(1 for a, b in zip(decoded, records) if a != b),
    }))


if __name__ == "__main__":
    if len(sys.argv) != 4:
        raise SystemExit(__doc__)
    main(sys.argv[1], sys.argv[2], float(sys.argv[3]))
