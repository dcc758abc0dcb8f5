#!/usr/bin/python3
"""Live interop with python3-avro for Wharf.Avro's tests (LiveInteropTests): one run for the whole corpus.

  /usr/bin/python3 live.py IN.json OUT.json

IN.json, written by the tests:
  "encodings":  [{"schema": S, "values": [{"json": V, "wharf": HEX}]}]  V in Avro's JSON encoding, HEX Wharf.Avro's bytes
  "resolution": [{"writer": W, "reader": R, "value": V, "wharf": HEX}]  V in W's JSON encoding, HEX Wharf's bytes for it
OUT.json, in the same order:
  "encodings":  [{"values": [{"read": ..., "python": HEX}]}]  what python3-avro reads from Wharf's bytes (Avro JSON),
                                                               and the bytes python3-avro writes for V
  "resolution": [{"read": ..., "python": HEX}]                what DatumReader(W, R) reads from Wharf's bytes,
                                                               and the bytes python3-avro writes for V with W
Each failure is reported in place ("read_error", "write_error": the exception), never raised, so that every
case is checked in the one run. The conversions between JSON and python datums are generate.py's.
"""

import json
import os
import sys

import avro.schema

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import generate  # noqa: E402 - the fixture generator's JSON <-> datum conversions and its hinted writer


def attempt(result, key, action):
    try:
        result[key] = action()
    except Exception as e:  # noqa: BLE001 - reported to the tests, which fail on it where it is not expected
        result[key + "_error"] = f"{type(e).__name__}: {e}"


def main(source, target):
    with open(source, encoding="utf-8") as f:
        corpus = json.load(f)
    encodings = []
    for case in corpus["encodings"]:
        schema = avro.schema.parse(case["schema"])
        values = []
        for value in case["values"]:
            result = {}
            attempt(result, "read", lambda: generate.to_json(schema, generate.decode(schema, schema, bytes.fromhex(value["wharf"]))))
            attempt(result, "python", lambda: generate.encode(schema, value["json"]).hex())
            values.append(result)
        encodings.append({"values": values})
    resolution = []
    for case in corpus["resolution"]:
        writer = avro.schema.parse(case["writer"])
        reader = avro.schema.parse(case["reader"])
        result = {}
        attempt(result, "read", lambda: generate.to_json(reader, generate.decode(writer, reader, bytes.fromhex(case["wharf"]))))
        attempt(result, "python", lambda: generate.encode(writer, case["value"]).hex())
        resolution.append(result)
    with open(target, "w", encoding="utf-8") as out:
        json.dump({"encodings": encodings, "resolution": resolution}, out, ensure_ascii=True)


if __name__ == "__main__":
    if len(sys.argv) != 3:
        raise SystemExit(__doc__)
    main(sys.argv[1], sys.argv[2])
