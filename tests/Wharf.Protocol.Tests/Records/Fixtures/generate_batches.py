#!/usr/bin/python3
"""Record batch fixtures written by an independent implementation: kafka-python 2.0.2's pure-Python v2 batch
builder (kafka/record/default_records.py), with python3-snappy, python3-lz4 and python3-zstandard for the codecs.

Writes <name>.bin (one batch each) and batches.json (what each batch holds) next to this script. The .NET tests
read these files, so running them needs no Python. Regenerate with:

    /usr/bin/python3 tests/Wharf.Protocol.Tests/Records/Fixtures/generate_batches.py

Two fixtures go beyond what kafka-python's builder writes, by rewriting its output the way another client would:
control batches (only brokers write them) and snappy as raw blocks (librdkafka) or zstd without a content size
(zstd-jni in the Java client). Every batch is read back with kafka-python before it is written.

With --check DIR, reads instead the batches Wharf's builder wrote into DIR (see BuilderInteropTests) and checks
that kafka-python decodes each to what batches.json says.
"""

import base64
import json
import os
import struct
import sys

import snappy
import zstandard

from kafka.record.default_records import DefaultRecordBatch, DefaultRecordBatchBuilder
from kafka.record.util import calc_crc32c

HERE = os.path.dirname(os.path.abspath(__file__))
CODECS = {"none": 0, "gzip": 1, "snappy": 2, "lz4": 3, "zstd": 4}
BASE_TIME = 1_700_000_000_000
ATTRIBUTES_OFFSET = 21
CRC_OFFSET = 17
HEADER_SIZE = 61


def large(pattern, count):
    return {"repeat": base64.b64encode(pattern).decode(), "count": count}


def encode(value):
    if value is None:
        return None
    return base64.b64encode(value).decode()


def decode(spec):
    if spec is None:
        return None
    if isinstance(spec, dict):
        return base64.b64decode(spec["repeat"]) * spec["count"]
    return base64.b64decode(spec)


def record(offset, timestamp, key, value, headers=()):
    """A record as batches.json describes it; large values are {"repeat": pattern, "count": n}."""
    return {
        "offset": offset,
        "timestamp": timestamp,
        "key": key if isinstance(key, dict) else encode(key),
        "value": value if isinstance(value, dict) else encode(value),
        "headers": [{"key": k, "value": encode(v)} for k, v in headers],
    }


def mixed_records(count):
    """Keys, values and headers of every shape: null, empty, short, multi-byte varint lengths."""
    records = []
    for i in range(count):
        key = None if i % 7 == 3 else b"" if i % 11 == 5 else ("key-%d" % i).encode()
        value = None if i % 13 == 6 else ("value %d " % i).encode() * (1 + i % 8)
        headers = [("trace", ("%08x" % (i * 2654435761 % 2**32)).encode())] if i % 3 == 0 else []
        if i % 10 == 9:
            headers.append(("nullable", None))
        # Timestamps wander around the base, so some deltas are negative.
        records.append(record(i, BASE_TIME + (i * 37 % 101) - 50, key, value, headers))
    return records


def case(name, records, compression="none", producer_id=-1, producer_epoch=-1, base_sequence=-1,
         transactional=False, control=False, rewrite=None):
    return {
        "name": name,
        "file": name + ".bin",
        "compression": compression,
        "baseOffset": 0,
        "partitionLeaderEpoch": 0,
        "producerId": producer_id,
        "producerEpoch": producer_epoch,
        "baseSequence": base_sequence,
        "transactional": transactional,
        "control": control,
        # Wharf's builder must write exactly these bytes: kafka-python built them uncompressed, or rewrote only
        # the header bits Wharf's options set.
        "sameAsBuilder": compression == "none",
        "rewrite": rewrite,
        "records": records,
    }


def cases():
    pattern = b"Wharf stores what producers send. "
    # Over 64 KiB each: several lz4 blocks, several snappy-java blocks, three-byte varint lengths.
    big = [record(0, BASE_TIME, b"big", large(pattern, 2000)),
           record(1, BASE_TIME + 1, None, large(b"\x00\x01\x02\x03", 17000), [("h", b"v")])]
    result = [
        case("none-single", [record(0, BASE_TIME, b"k", b"v")]),
        case("none-nulls", [
            record(0, BASE_TIME, None, b"no key"),
            record(1, BASE_TIME, b"tombstone", None),
            record(2, BASE_TIME, None, None),
            record(3, BASE_TIME, b"", b""),
        ]),
        case("none-headers", [
            record(0, BASE_TIME, b"k", b"v", [("content-type", b"application/json"), ("empty", b""),
                                               ("null", None), ("", b"empty key"),
                                               ("\u043a\u043b\u044e\u0447", "\u0437\u043d\u0430\u0447".encode())]),
            record(1, BASE_TIME + 5, b"k2", b"v2", [("dup", b"1"), ("dup", b"2")]),
        ]),
        case("none-many", mixed_records(100)),
        case("none-large", big),
        case("none-offset-gaps", [
            record(0, BASE_TIME, b"a", b"1"),
            record(2, BASE_TIME + 2, b"b", b"2"),
            record(7, BASE_TIME + 7, b"c", b"3"),
        ]),
        case("none-idempotent-transactional", mixed_records(5), producer_id=123456789, producer_epoch=7,
             base_sequence=42, transactional=True),
        case("none-control-commit",
             [record(0, BASE_TIME, struct.pack(">hh", 0, 1), struct.pack(">hi", 0, 17))],
             producer_id=4242, producer_epoch=3, transactional=True, control=True),
        case("none-control-abort",
             [record(0, BASE_TIME, struct.pack(">hh", 0, 0), struct.pack(">hi", 0, 5))],
             producer_id=4243, producer_epoch=0, transactional=True, control=True),
    ]
    for codec in ("gzip", "snappy", "lz4", "zstd"):
        result.append(case(codec + "-many", mixed_records(60), compression=codec))
        result.append(case(codec + "-large", big, compression=codec))
    result.append(case("snappy-raw-block", mixed_records(60), compression="snappy",
                       rewrite="raw snappy block, as librdkafka writes"))
    result.append(case("zstd-no-content-size", big, compression="zstd",
                       rewrite="zstd frame without a content size, as zstd-jni streams"))
    result.append(case("gzip-idempotent", mixed_records(10), compression="gzip", producer_id=99,
                       producer_epoch=1, base_sequence=1000))
    return result


def build(spec):
    builder = DefaultRecordBatchBuilder(
        magic=2, compression_type=CODECS[spec["compression"]], is_transactional=spec["transactional"],
        producer_id=spec["producerId"], producer_epoch=spec["producerEpoch"], base_sequence=spec["baseSequence"],
        batch_size=2**31 - 1)
    for r in spec["records"]:
        headers = [(h["key"], decode(h["value"])) for h in r["headers"]]
        assert builder.append(r["offset"], r["timestamp"], decode(r["key"]), decode(r["value"]), headers) is not None
    return bytes(builder.build())


def with_crc(batch):
    batch = bytearray(batch)
    struct.pack_into(">I", batch, CRC_OFFSET, calc_crc32c(bytes(batch[ATTRIBUTES_OFFSET:])))
    return bytes(batch)


def recompress(uncompressed, codec, payload):
    """Replaces the records of an uncompressed batch with payload, compressed by codec."""
    header = bytearray(uncompressed[:HEADER_SIZE])
    struct.pack_into(">i", header, 8, HEADER_SIZE - 12 + len(payload))
    (attributes,) = struct.unpack_from(">h", header, ATTRIBUTES_OFFSET)
    struct.pack_into(">h", header, ATTRIBUTES_OFFSET, (attributes & ~7) | CODECS[codec])
    return with_crc(bytes(header) + payload)


def make(spec):
    if spec["rewrite"]:
        plain = build(dict(spec, compression="none"))
        records = plain[HEADER_SIZE:]
        if spec["compression"] == "snappy":
            return recompress(plain, "snappy", snappy.compress(records))
        return recompress(plain, "zstd", zstandard.ZstdCompressor(write_content_size=False).compress(records))
    batch = build(spec)
    if spec["control"]:
        batch = bytearray(batch)
        (attributes,) = struct.unpack_from(">h", batch, ATTRIBUTES_OFFSET)
        struct.pack_into(">h", batch, ATTRIBUTES_OFFSET, attributes | 0x20)
        batch = with_crc(batch)
    return batch


def check(spec, batch, source):
    """Reads a batch with kafka-python and compares it with its description."""
    reader = DefaultRecordBatch(batch)
    where = "%s (%s)" % (spec["name"], source)
    assert reader.validate_crc(), where + ": CRC"
    assert reader.compression_type == CODECS[spec["compression"]], where + ": codec %d" % reader.compression_type
    assert reader.is_transactional == spec["transactional"], where + ": transactional"
    assert reader.is_control_batch == spec["control"], where + ": control"
    got = list(reader)
    assert len(got) == len(spec["records"]), where + ": count"
    for r, expected in zip(got, spec["records"]):
        assert r.offset == expected["offset"], where + ": offset"
        assert r.timestamp == expected["timestamp"], where + ": timestamp"
        assert r.key == decode(expected["key"]), where + ": key"
        assert r.value == decode(expected["value"]), where + ": value"
        assert r.headers == [(h["key"], decode(h["value"])) for h in expected["headers"]], where + ": headers"


def generate():
    specs = cases()
    for spec in specs:
        batch = make(spec)
        check(spec, batch, "kafka-python")
        with open(os.path.join(HERE, spec["file"]), "wb") as f:
            f.write(batch)
    with open(os.path.join(HERE, "batches.json"), "w") as f:
        # One batch a line keeps the file small and its diffs readable.
        f.write('{"generator": "kafka-python 2.0.2 (Debian python3-kafka), generate_batches.py",\n "batches": [\n')
        f.write(",\n".join(json.dumps(s, separators=(",", ":")) for s in specs))
        f.write("\n]}\n")
    print("wrote %d batches" % len(specs))


def check_directory(directory):
    """Checks Wharf's batches: <name>.<codec>.bin holds the records of batches.json's <name> in that codec."""
    with open(os.path.join(HERE, "batches.json")) as f:
        specs = {s["name"]: s for s in json.load(f)["batches"]}
    files = sorted(n for n in os.listdir(directory) if n.endswith(".bin"))
    assert files, "no batches in " + directory
    for name in files:
        base, codec, _ = name.rsplit(".", 2)
        with open(os.path.join(directory, name), "rb") as f:
            check(dict(specs[base], compression=codec), f.read(), "Wharf")
    print("kafka-python read all %d batches Wharf wrote" % len(files))


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--check":
        check_directory(sys.argv[2])
    else:
        generate()
