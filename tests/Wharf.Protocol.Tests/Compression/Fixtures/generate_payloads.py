#!/usr/bin/python3
"""Compressed payloads written by independent tools: the gzip, zstd and lz4 command-line tools and python3-snappy
(raw blocks) plus kafka-python's snappy-java (xerial) framing.

Writes <original>.<variant> files and payloads.json (each file's codec, tool and original's length and SHA-256)
next to this script; the .NET tests decompress them and compare, with no tool needed at test time. Regenerate with:

    /usr/bin/python3 tests/Wharf.Protocol.Tests/Compression/Fixtures/generate_payloads.py

With --check DIR, decompresses instead what Wharf's codecs wrote into DIR (see CodecInteropTests): for every
<name>.original, the files <name>.gzip, .snappy, .lz4 and .zstd, each with the independent tool, and compares.
"""

import hashlib
import json
import os
import random
import subprocess
import sys

import snappy
from kafka.codec import snappy_encode, snappy_decode

HERE = os.path.dirname(os.path.abspath(__file__))


def originals():
    paragraph = (b"Wharf keeps a partition log of record batches; compaction keeps the last value of each key. "
                 b"A consumer fetches batches and decompresses them itself. ") * 8
    return {
        "empty": b"",
        "small": b"hello, wharf",
        # 1 MiB of repetitive text: many lz4 blocks and snappy-java blocks, yet small once compressed.
        "text-1mib": (paragraph * (2**20 // len(paragraph) + 1))[:2**20],
        # Random bytes do not compress: literals only, a block boundary for snappy-java (32 KiB) crossed.
        "random-33kib": random.Random(20240101).randbytes(33 * 1024),
    }


def run(args, data):
    return subprocess.run(args, input=data, stdout=subprocess.PIPE, check=True).stdout


def variants(name, data, path):
    """(suffix, codec, tool, compressed) for each way an independent tool compresses data."""
    yield "gz", "gzip", "gzip -c -n", run(["gzip", "-c", "-n"], data)
    yield "zst", "zstd", "zstd -c FILE (content size)", run(["zstd", "-q", "-c", path], b"")
    yield "nocs.zst", "zstd", "zstd -c --no-content-size", run(["zstd", "-q", "-c", "--no-content-size"], data)
    yield "lz4", "lz4", "lz4 -c (4 MiB blocks, content checksum)", run(["lz4", "-q", "-c"], data)
    if name != "random-33kib":
        yield "b4-linked-size.lz4", "lz4", "lz4 -c -B4 -BD --content-size", \
            run(["lz4", "-q", "-c", "-B4", "-BD", "--content-size"], data)
    yield "raw.snappy", "snappy", "python3-snappy snappy.compress (raw block)", snappy.compress(data)
    if data:
        # snappy-java framing; kafka-python itself only recognises it when there is a block after the header.
        yield "xerial.snappy", "snappy", "kafka-python codec.snappy_encode (xerial)", snappy_encode(data)


def generate():
    tools = {
        "gzip": run(["gzip", "--version"], b"").decode().splitlines()[0],
        "zstd": run(["zstd", "--version"], b"").decode().strip(),
        "lz4": run(["lz4", "--version"], b"").decode().strip(),
        "snappy": "python3-snappy " + getattr(snappy, "__version__", "(Debian)"),
    }
    entries = []
    for name, data in originals().items():
        path = os.path.join(HERE, name + ".tmp")
        with open(path, "wb") as f:
            f.write(data)
        try:
            for suffix, codec, tool, compressed in variants(name, data, path):
                file = name + "." + suffix
                with open(os.path.join(HERE, file), "wb") as f:
                    f.write(compressed)
                entries.append({"file": file, "codec": codec, "tool": tool, "original": name, "length": len(data),
                                "sha256": hashlib.sha256(data).hexdigest()})
        finally:
            os.remove(path)
    with open(os.path.join(HERE, "payloads.json"), "w") as f:
        json.dump({"tools": tools, "payloads": entries}, f, indent=1)
        f.write("\n")
    print("wrote %d payloads" % len(entries))


def decompress(codec, data):
    if codec == "gzip":
        return run(["gzip", "-d", "-c"], data)
    if codec == "zstd":
        return run(["zstd", "-q", "-d", "-c"], data)
    if codec == "lz4":
        return run(["lz4", "-q", "-d", "-c"], data)
    # kafka-python's own decoder: the xerial framing when the magic and a block are there, else a raw block.
    return snappy_decode(data)


def check_directory(directory):
    count = 0
    for name in sorted(n for n in os.listdir(directory) if n.endswith(".original")):
        stem = name[: -len(".original")]
        with open(os.path.join(directory, name), "rb") as f:
            original = f.read()
        for codec in ("gzip", "snappy", "lz4", "zstd"):
            with open(os.path.join(directory, stem + "." + codec), "rb") as f:
                compressed = f.read()
            if codec == "snappy" and len(compressed) <= 16:
                # An empty input is the bare xerial header, which kafka-python mistakes for a raw block; Kafka
                # never compresses an empty batch, so only snappy-java's own reader would ever see this.
                assert original == b"", stem
                continue
            assert decompress(codec, compressed) == original, stem + "." + codec
            count += 1
    assert count, "nothing to check in " + directory
    print("the independent tools decompressed all %d payloads Wharf wrote" % count)


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--check":
        check_directory(sys.argv[2])
    else:
        generate()
