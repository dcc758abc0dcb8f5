#!/usr/bin/python3
"""Interop fixtures for Wharf.Avro, written by python3-avro (Apache Avro's own Python implementation, 1.11).

  /usr/bin/python3 generate.py            writes encodings.json and resolution.json next to this script
  /usr/bin/python3 generate.py --check F  checks a file written by Wharf.Avro's tests (InteropCheckTests with
                                          WHARF_AVRO_INTEROP_OUT=F): python3-avro must decode every binary datum
                                          Wharf.Avro wrote to the value Wharf.Avro says it wrote, and encode that
                                          value to the same bytes.

encodings.json: for each schema, values in Avro's JSON encoding ("json"), the same values in the plain form
("plain": unions without wrappers) and the binary python3-avro writes for them ("binary", hex). Every value is
written by python3-avro's DatumWriter and read back by its DatumReader; the JSON stored is derived from what the
reader returned, so both directions agree. Union branches are chosen by the JSON's label (python3-avro would pick
the last branch that validates), and the branch read back is reported by a DatumReader hook; everything else is
python3-avro's own encoder and decoder. The "blocks" entries hold arrays and maps written in several blocks,
including negative counts with byte sizes, by python3-avro's BinaryEncoder primitives and decoded by its DatumReader.

resolution.json: a writer schema, a reader schema, bytes python3-avro wrote with the writer and the value
DatumReader(writer, reader) returned ("source": "python3-avro"), or the error it raised. python3-avro 1.11 lacks
some of the spec's rules (aliases, enum defaults, string<->bytes, a writer union read by a non-union reader,
promotion inside arrays and maps); for those, the expected value is written here from the spec
("source": "spec") and the bytes are still python3-avro's.
"""

import datetime
import decimal
import io
import json
import math
import os
import sys
import warnings

import avro
import avro.errors
import avro.io
import avro.schema

warnings.simplefilter("ignore")
HERE = os.path.dirname(os.path.abspath(__file__))
EPOCH_DATE = datetime.date(1970, 1, 1)
EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.timezone.utc)


class Branch:
    """A union value with its branch index (a write hint, and what the read hook reports)."""

    def __init__(self, index, value):
        self.index = index
        self.value = value


class HintedWriter(avro.io.DatumWriter):
    def write(self, datum, encoder):
        self.write_data(self.writers_schema, datum, encoder)

    def write_union(self, writers_schema, datum, encoder):
        assert isinstance(datum, Branch), "union values carry their branch"
        encoder.write_long(datum.index)
        return self.write_data(writers_schema.schemas[datum.index], datum.value, encoder)


class BranchReader(avro.io.DatumReader):
    """Reports union branches. Reading with the writer's own schema, a union value is read by its branch index;
    python3-avro would look for the first reader branch that matches, promotions included (an int in
    ["long", "int"] would come back as a long)."""

    def read_union(self, writers_schema, readers_schema, decoder):
        if writers_schema is readers_schema:
            index = int(decoder.read_long())
            if not 0 <= index < len(writers_schema.schemas):
                raise avro.errors.SchemaResolutionException(f"branch {index} out of range", writers_schema, readers_schema)
            branch = writers_schema.schemas[index]
            return Branch(index, self.read_data(branch, branch, decoder))
        return super().read_union(writers_schema, readers_schema, decoder)

    def _read_default_value(self, field_schema, default_value):
        if isinstance(field_schema, avro.schema.UnionSchema):
            # python3-avro reads a union default as its first branch; report that branch.
            return Branch(0, self._read_default_value(field_schema.schemas[0], default_value))
        return super()._read_default_value(field_schema, default_value)

    def read_data(self, writers_schema, readers_schema, decoder):
        if isinstance(readers_schema, avro.schema.UnionSchema) and not isinstance(writers_schema, avro.schema.UnionSchema):
            for i, branch in enumerate(readers_schema.schemas):
                if branch.match(writers_schema):
                    return Branch(i, self.read_data(writers_schema, branch, decoder))
            raise avro.errors.SchemaResolutionException("Schemas do not match.", writers_schema, readers_schema)
        return super().read_data(writers_schema, readers_schema, decoder)


def label(schema):
    return schema.fullname if isinstance(schema, avro.schema.NamedSchema) else schema.type


def latin1(text):
    return text.encode("latin-1")


def unlatin1(data):
    return data.decode("latin-1")


def decimal_bytes(value, schema):
    """The two's-complement bytes python3-avro writes for a Decimal."""
    buffer = io.BytesIO()
    encoder = avro.io.BinaryEncoder(buffer)
    scale = schema.get_prop("scale") or 0
    if isinstance(schema, avro.schema.FixedSchema):
        encoder.write_decimal_fixed(value, scale, schema.size)
        return buffer.getvalue()
    encoder.write_decimal_bytes(value, scale)
    return avro.io.BinaryDecoder(io.BytesIO(buffer.getvalue())).read_bytes()


def decimal_value(data, schema):
    unscaled = int.from_bytes(data, "big", signed=True) if data else 0
    return decimal.Decimal(unscaled).scaleb(-(schema.get_prop("scale") or 0))


def from_json(schema, value):
    """Avro's JSON encoding to the python datum python3-avro's writer expects (with Branch hints)."""
    if isinstance(schema, avro.schema.UnionSchema):
        if value is None:
            return Branch([s.type for s in schema.schemas].index("null"), None)
        (key, inner), = value.items()
        index = [label(s) for s in schema.schemas].index(key)
        return Branch(index, from_json(schema.schemas[index], inner))
    if isinstance(schema, avro.schema.RecordSchema):
        assert set(value) == {f.name for f in schema.fields}, f"fields of {schema.fullname}: {sorted(value)}"
        return {f.name: from_json(f.type, value[f.name]) for f in schema.fields}
    if isinstance(schema, avro.schema.ArraySchema):
        return [from_json(schema.items, v) for v in value]
    if isinstance(schema, avro.schema.MapSchema):
        return {k: from_json(schema.values, v) for k, v in value.items()}
    if isinstance(schema, (avro.schema.BytesDecimalSchema, avro.schema.FixedDecimalSchema)):
        return decimal_value(latin1(value), schema)
    if isinstance(schema, avro.schema.FixedSchema) or schema.type == "bytes":
        return latin1(value)
    if isinstance(schema, avro.schema.DateSchema):
        return EPOCH_DATE + datetime.timedelta(days=value)
    if isinstance(schema, (avro.schema.TimeMillisSchema, avro.schema.TimeMicrosSchema)):
        micros = value * 1000 if isinstance(schema, avro.schema.TimeMillisSchema) else value
        return (datetime.datetime.min + datetime.timedelta(microseconds=micros)).time()
    if isinstance(schema, avro.schema.TimestampMillisSchema):
        return EPOCH + datetime.timedelta(milliseconds=value)
    if isinstance(schema, avro.schema.TimestampMicrosSchema):
        return EPOCH + datetime.timedelta(microseconds=value)
    if schema.type in ("float", "double"):
        return {"NaN": math.nan, "Infinity": math.inf, "-Infinity": -math.inf}.get(value, value) if isinstance(value, str) else float(value)
    return value


def to_json(schema, datum, plain=False):
    """A python datum (with Branch results) to Avro's JSON encoding, or to the plain form."""
    if isinstance(schema, avro.schema.UnionSchema):
        assert isinstance(datum, Branch)
        branch = schema.schemas[datum.index]
        inner = to_json(branch, datum.value, plain)
        return inner if plain or branch.type == "null" else {label(branch): inner}
    if isinstance(schema, avro.schema.RecordSchema):
        return {f.name: to_json(f.type, datum[f.name], plain) for f in schema.fields}
    if isinstance(schema, avro.schema.ArraySchema):
        return [to_json(schema.items, v, plain) for v in datum]
    if isinstance(schema, avro.schema.MapSchema):
        return {k: to_json(schema.values, v, plain) for k, v in datum.items()}
    if isinstance(datum, decimal.Decimal):
        return unlatin1(decimal_bytes(datum, schema))
    if isinstance(datum, bytes):
        return unlatin1(datum)
    if isinstance(datum, datetime.datetime):
        micros = (datum - EPOCH) // datetime.timedelta(microseconds=1)
        return micros // 1000 if isinstance(schema, avro.schema.TimestampMillisSchema) else micros
    if isinstance(datum, datetime.date):
        return (datum - EPOCH_DATE).days
    if isinstance(datum, datetime.time):
        micros = ((datum.hour * 60 + datum.minute) * 60 + datum.second) * 1_000_000 + datum.microsecond
        return micros // 1000 if isinstance(schema, avro.schema.TimeMillisSchema) else micros
    if isinstance(datum, float):
        if math.isnan(datum):
            return "NaN"
        if math.isinf(datum):
            return "Infinity" if datum > 0 else "-Infinity"
        return datum
    return datum


def encode(schema, value):
    buffer = io.BytesIO()
    HintedWriter(schema).write(from_json(schema, value), avro.io.BinaryEncoder(buffer))
    return buffer.getvalue()


def decode(writer, reader, data):
    stream = io.BytesIO(data)
    datum = BranchReader(writer, reader).read(avro.io.BinaryDecoder(stream))
    if stream.read(1):
        raise ValueError("bytes left after the datum")
    return datum


def same(a, b):
    """JSON equality where NaN equals NaN."""
    if isinstance(a, float) and isinstance(b, float) and math.isnan(a) and math.isnan(b):
        return True
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    return a == b and type(a) is type(b) or (isinstance(a, (int, float)) and isinstance(b, (int, float)) and not isinstance(a, bool) and a == b)


# ---------------------------------------------------------------------------------------------------------------
# The corpus: schemas and values in Avro's JSON encoding.

ALL_BYTES = "".join(chr(i) for i in range(256))
INT_MIN, INT_MAX = -(2**31), 2**31 - 1
LONG_MIN, LONG_MAX = -(2**63), 2**63 - 1

NODE = {"type": "record", "name": "Node", "namespace": "list", "fields": [
    {"name": "value", "type": "int"},
    {"name": "next", "type": ["null", "Node"], "default": None}]}

TREE = {"type": "record", "name": "Tree", "fields": [
    {"name": "label", "type": "string"},
    {"name": "children", "type": {"type": "array", "items": "Tree"}}]}

EVERYTHING = {"type": "record", "name": "Everything", "namespace": "com.example.avro", "doc": "all the types", "fields": [
    {"name": "n", "type": "null"},
    {"name": "b", "type": "boolean"},
    {"name": "i", "type": "int"},
    {"name": "l", "type": "long"},
    {"name": "f", "type": "float"},
    {"name": "d", "type": "double"},
    {"name": "by", "type": "bytes"},
    {"name": "s", "type": "string"},
    {"name": "e", "type": {"type": "enum", "name": "Suit", "symbols": ["SPADES", "HEARTS", "DIAMONDS", "CLUBS"]}},
    {"name": "fx", "type": {"type": "fixed", "name": "Md5", "namespace": "com.example.hash", "size": 16}},
    {"name": "a", "type": {"type": "array", "items": "long"}},
    {"name": "m", "type": {"type": "map", "values": ["null", "double"]}},
    {"name": "u", "type": ["null", "string", "Suit", "com.example.hash.Md5", {"type": "array", "items": "int"}]},
    {"name": "r", "type": {"type": "record", "name": "Inner", "fields": [{"name": "x", "type": "int"}, {"name": "y", "type": ["string", "null"]}]}},
    {"name": "r2", "type": ["null", "Inner"]}]}

SUIT = {"type": "enum", "name": "Suit", "symbols": ["SPADES", "HEARTS", "DIAMONDS", "CLUBS"]}

CASES = [
    ("null", "null", [None]),
    ("boolean", "boolean", [True, False]),
    ("int", "int", [0, 1, -1, 63, 64, -64, -65, 127, 128, 8191, 8192, -8193, 1_000_000, INT_MAX, INT_MIN]),
    ("long", "long", [0, -1, 1, 2**31, -(2**31) - 1, 2**53 + 1, 2**62, LONG_MAX, LONG_MIN, 1_700_000_000_123]),
    ("float", "float", [0.0, -0.0, 1.0, -2.25, 0.5, 3.4028234663852886e38, -3.4028234663852886e38, 1.401298464324817e-45,
                        1.1754943508222875e-38, 16777216.0, 0.100000001490116119384765625, "NaN", "Infinity", "-Infinity"]),
    ("double", "double", [0.0, -0.0, 1.0, 0.1, -2.5, 1e21, 1e-7, 123456789.123, 1.7976931348623157e308, 5e-324, 2.2250738585072014e-308,
                          9007199254740993.0, "NaN", "Infinity", "-Infinity"]),
    ("bytes", "bytes", ["", "\u0000", "\u00ff\u0000\u007f\u0080", ALL_BYTES, "abc" * 1000]),
    ("string", "string", ["", "a", "héllo wörld", "日本語テキスト", "emoji 😀 and 𝄞", "tab\tnew\nline\u0000nul \"q\" \\ /",
                          "\u007f\u0080\u07ff\u0800\uffff", "x" * 20_000, "é" * 5000]),
    ("date", {"type": "int", "logicalType": "date"}, [0, 19_000, -1, -719_162, 2_932_896]),
    ("time-millis", {"type": "int", "logicalType": "time-millis"}, [0, 1, 86_399_999, 45_296_789]),
    ("time-micros", {"type": "long", "logicalType": "time-micros"}, [0, 86_399_999_999, 45_296_789_123]),
    ("timestamp-millis", {"type": "long", "logicalType": "timestamp-millis"}, [0, 1_700_000_000_123, -1, -62_135_596_800_000, 253_402_300_799_999]),
    ("timestamp-micros", {"type": "long", "logicalType": "timestamp-micros"}, [0, 1_700_000_000_123_456, -1, 253_402_300_799_999_999]),
    ("local-timestamp-millis", {"type": "long", "logicalType": "local-timestamp-millis"}, [0, 1_700_000_000_123, LONG_MIN]),
    ("local-timestamp-micros", {"type": "long", "logicalType": "local-timestamp-micros"}, [0, -1, LONG_MAX]),
    ("timestamp-nanos", {"type": "long", "logicalType": "timestamp-nanos"}, [0, 1_700_000_000_123_456_789]),
    ("uuid", {"type": "string", "logicalType": "uuid"}, ["00000000-0000-0000-0000-000000000000", "123e4567-e89b-12d3-a456-426614174000"]),
    ("decimal-bytes", {"type": "bytes", "logicalType": "decimal", "precision": 12, "scale": 2},
     ["\u0000", "\u007b", "\u0085", "\u0000\u0080", "\u0012\u00d6\u0087", "\u0003\u00e8", "\u00ff\u007f"]),
    ("decimal-fixed", {"type": "fixed", "name": "Money", "size": 8, "logicalType": "decimal", "precision": 18, "scale": 4},
     ["\u0000" * 8, "\u00ff" * 8, "\u0000\u0000\u0000\u0000\u0000\u0001\u00e2\u0040", "\u00ff\u00ff\u00ff\u00ff\u00ff\u00fe\u001d\u00c0"]),
    ("decimal-bytes-scale0", {"type": "bytes", "logicalType": "decimal", "precision": 40},
     ["\u0001", "\u00ff", "\u0000\u00ff\u00ff\u00ff\u00ff\u00ff\u00ff\u00ff\u00ff\u00ff"]),
    ("big-decimal", {"type": "bytes", "logicalType": "big-decimal"}, ["\u0001\u0002"]),
    ("duration", {"type": "fixed", "name": "Duration", "size": 12, "logicalType": "duration"}, ["\u0001\u0000\u0000\u0000\u0002\u0000\u0000\u0000\u0003\u0000\u0000\u0000"]),
    ("enum", SUIT, ["SPADES", "CLUBS", "HEARTS"]),
    ("enum-with-default", {"type": "enum", "name": "Color", "namespace": "paint", "symbols": ["RED", "GREEN"], "default": "RED"}, ["GREEN"]),
    ("fixed", {"type": "fixed", "name": "Sixteen", "size": 16}, ["\u0000" * 16, ALL_BYTES[240:]]),
    ("fixed-empty", {"type": "fixed", "name": "Nothing", "size": 0}, [""]),
    ("array-long", {"type": "array", "items": "long"}, [[], [1], [0, -1, LONG_MAX, LONG_MIN], list(range(-1000, 1000, 3))]),
    ("array-null", {"type": "array", "items": "null"}, [[], [None] * 300]),
    ("array-array", {"type": "array", "items": {"type": "array", "items": "string"}}, [[[]], [["a"], [], ["b", "c"]]]),
    ("array-record", {"type": "array", "items": {"type": "record", "name": "Point", "fields": [{"name": "x", "type": "double"}, {"name": "y", "type": "double"}]}},
     [[{"x": 1.5, "y": -2.0}, {"x": 0.0, "y": 1e-300}]]),
    ("map-int", {"type": "map", "values": "int"}, [{}, {"a": 1}, {"": 0, "ключ": -5, "😀": INT_MAX, "a b\"c": 7}, {f"k{i}": i for i in range(200)}]),
    ("map-map", {"type": "map", "values": {"type": "map", "values": "boolean"}}, [{"x": {}, "y": {"t": True, "f": False}}]),
    ("map-record", {"type": "map", "values": NODE}, [{"one": {"value": 1, "next": None}, "two": {"value": 2, "next": {"list.Node": {"value": 3, "next": None}}}}]),
    ("record-empty", {"type": "record", "name": "Empty", "fields": []}, [{}]),
    ("record-linked-list", NODE, [{"value": 0, "next": None}, {"value": 1, "next": {"list.Node": {"value": 2, "next": {"list.Node": {"value": 3, "next": None}}}}}]),
    ("record-tree", TREE, [{"label": "leaf", "children": []},
                           {"label": "root", "children": [{"label": "a", "children": [{"label": "a1", "children": []}]}, {"label": "b", "children": []}]}]),
    ("record-everything", EVERYTHING, [
        {"n": None, "b": True, "i": -7, "l": 7_000_000_000, "f": 1.25, "d": -0.001, "by": "\u0000\u0001\u00fe", "s": "ünïcödé",
         "e": "DIAMONDS", "fx": ALL_BYTES[:16], "a": [1, 2, 3], "m": {"x": None, "y": {"double": 2.5}},
         "u": None, "r": {"x": 1, "y": {"string": "why"}}, "r2": None},
        {"n": None, "b": False, "i": INT_MAX, "l": LONG_MIN, "f": -0.0, "d": 1e100, "by": "", "s": "",
         "e": "SPADES", "fx": "\u00ff" * 16, "a": [], "m": {}, "u": {"string": "text"}, "r": {"x": 0, "y": None},
         "r2": {"com.example.avro.Inner": {"x": -1, "y": {"string": ""}}}},
        {"n": None, "b": False, "i": 0, "l": 0, "f": 0.0, "d": 0.0, "by": "x", "s": "s", "e": "CLUBS", "fx": "\u0001" * 16,
         "a": [0], "m": {"k": {"double": "NaN"}}, "u": {"com.example.avro.Suit": "HEARTS"}, "r": {"x": 2, "y": None}, "r2": None},
        {"n": None, "b": True, "i": 1, "l": 1, "f": 1.0, "d": 1.0, "by": "b", "s": "t", "e": "HEARTS", "fx": "\u0002" * 16,
         "a": [5, 6], "m": {}, "u": {"com.example.hash.Md5": "\u0003" * 16}, "r": {"x": 3, "y": None}, "r2": None},
        {"n": None, "b": True, "i": 2, "l": 2, "f": 2.0, "d": 2.0, "by": "c", "s": "u", "e": "HEARTS", "fx": "\u0004" * 16,
         "a": [], "m": {}, "u": {"array": [1, -1, INT_MIN]}, "r": {"x": 4, "y": None}, "r2": None}]),
    ("union-null-first", ["null", "string"], [None, {"string": ""}, {"string": "value"}]),
    ("union-null-last", ["string", "null"], [{"string": "value"}, None]),
    ("union-numbers", ["int", "long", "float", "double"], [{"int": 1}, {"long": 1}, {"float": 1.0}, {"double": 1.0}, {"long": LONG_MAX}, {"double": "NaN"}]),
    ("union-bytes-fixed-string", ["bytes", {"type": "fixed", "name": "Two", "size": 2}, "string"],
     [{"bytes": "ab"}, {"Two": "ab"}, {"string": "ab"}, {"bytes": "\u00ff"}]),
    ("union-enum-string", [SUIT, "string"], [{"Suit": "SPADES"}, {"string": "SPADES"}]),
    ("union-records", [{"type": "record", "name": "A", "namespace": "x", "fields": [{"name": "v", "type": "int"}]},
                       {"type": "record", "name": "B", "namespace": "y", "fields": [{"name": "v", "type": "int"}]},
                       {"type": "map", "values": "int"}],
     [{"x.A": {"v": 1}}, {"y.B": {"v": 2}}, {"map": {"v": 3}}]),
    ("union-containers", ["null", {"type": "array", "items": "boolean"}, {"type": "map", "values": "null"}, "boolean"],
     [None, {"array": [True, False]}, {"map": {"k": None}}, {"boolean": True}, {"array": []}]),
    ("union-logical", ["null", {"type": "long", "logicalType": "timestamp-millis"}, {"type": "int", "logicalType": "date"}],
     [None, {"long": 1_700_000_000_000}, {"int": 19_000}]),
    ("union-single", ["int"], [{"int": 5}]),
    ("array-union", {"type": "array", "items": ["null", "long", "string"]}, [[None, {"long": 5}, {"string": "x"}, None]]),
]

# Arrays and maps written in several blocks, some with negative counts and byte sizes: (name, schema, blocks).
BLOCKS = [
    ("array-three-blocks", {"type": "array", "items": "int"}, [[1, 2], [3], [4, 5, 6]], False),
    ("array-sized-blocks", {"type": "array", "items": "string"}, [["a", "bc"], ["déf"]], True),
    ("map-two-blocks", {"type": "map", "values": "long"}, [[("a", 1)], [("b", 2), ("c", -3)]], False),
    ("map-sized-blocks", {"type": "map", "values": "string"}, [[("k", "v")], [("l", "w"), ("m", "")]], True),
    ("array-of-nulls-in-blocks", {"type": "array", "items": "null"}, [[None] * 5, [None] * 2], False),
]

# Schema resolution: (name, writer, reader, writer value, expected reader value or None to take python3-avro's).
PROMOTION_RECORD_W = {"type": "record", "name": "P", "fields": [{"name": "a", "type": "int"}, {"name": "b", "type": "long"}, {"name": "c", "type": "float"}]}
PROMOTION_RECORD_R = {"type": "record", "name": "P", "fields": [{"name": "a", "type": "double"}, {"name": "b", "type": "double"}, {"name": "c", "type": "double"}]}
EVOLVE_W = {"type": "record", "name": "User", "namespace": "app", "fields": [
    {"name": "id", "type": "long"}, {"name": "name", "type": "string"}, {"name": "legacy", "type": {"type": "array", "items": "string"}},
    {"name": "age", "type": "int"}]}
EVOLVE_R = {"type": "record", "name": "User", "namespace": "app", "fields": [
    {"name": "age", "type": "long"}, {"name": "name", "type": "string"},
    {"name": "email", "type": ["null", "string"], "default": None},
    {"name": "tags", "type": {"type": "array", "items": "string"}, "default": ["a", "b"]},
    {"name": "prefs", "type": {"type": "map", "values": "int"}, "default": {"x": 1}},
    {"name": "status", "type": {"type": "enum", "name": "Status", "symbols": ["ON", "OFF"]}, "default": "OFF"},
    {"name": "blob", "type": "bytes", "default": "\u0001\u0000"},
    {"name": "hash", "type": {"type": "fixed", "name": "H", "size": 2}, "default": "ab"},
    {"name": "score", "type": "double", "default": 1.5},
    {"name": "address", "type": {"type": "record", "name": "Address", "fields": [
        {"name": "city", "type": "string", "default": "?"}, {"name": "zip", "type": ["null", "int"], "default": None}]},
     "default": {"city": "Paris"}},
    {"name": "id", "type": "long"}]}

RESOLUTION = [
    ("int-to-long", "int", "long", 5, None),
    ("int-to-float", "int", "float", -7, None),
    ("int-to-double", "int", "double", INT_MAX, None),
    ("long-to-float", "long", "float", 16777217, None),
    ("long-to-double", "long", "double", 2**53 + 1, None),
    ("float-to-double", "float", "double", 1.5, None),
    ("record-promotions", PROMOTION_RECORD_W, PROMOTION_RECORD_R, {"a": 1, "b": 2, "c": 0.5}, None),
    ("record-evolution-defaults-and-skips", EVOLVE_W, EVOLVE_R, {"id": 42, "name": "Ann", "legacy": ["x", "y"], "age": 30}, None),
    ("enum-reordered", SUIT, {"type": "enum", "name": "Suit", "symbols": ["CLUBS", "DIAMONDS", "HEARTS", "SPADES", "JOKER"]}, "HEARTS", None),
    ("non-union-to-union", "int", ["null", "long"], 3, None),
    ("non-union-to-union-first-match", "string", ["null", "bytes", "string"], "s", None),
    ("union-to-union-promoted", ["null", "int"], ["null", "double", "long"], {"int": 9}, None),
    ("union-to-union-null", ["null", "int"], ["int", "null"], None, None),
    ("record-to-union-by-name", {"type": "record", "name": "R", "fields": [{"name": "x", "type": "int"}]},
     ["null", {"type": "record", "name": "Other", "fields": []}, {"type": "record", "name": "R", "fields": [{"name": "x", "type": "long"}]}],
     {"x": 1}, None),
    ("fixed-same", {"type": "fixed", "name": "F", "size": 3}, {"type": "fixed", "name": "F", "size": 3}, "abc", None),
    ("recursive-list", NODE, NODE, {"value": 1, "next": {"list.Node": {"value": 2, "next": None}}}, None),
    # The spec's rules that python3-avro 1.11 does not implement.
    ("string-to-bytes", "string", "bytes", "é", "\u00c3\u00a9"),
    ("bytes-to-string", "bytes", "string", "\u00c3\u00a9", "é"),
    ("string-to-bytes-in-union", "string", ["null", "bytes"], "a", {"bytes": "a"}),
    ("array-items-promoted", {"type": "array", "items": "int"}, {"type": "array", "items": "double"}, [1, 2], [1.0, 2.0]),
    ("map-values-promoted", {"type": "map", "values": "float"}, {"type": "map", "values": "double"}, {"k": 0.5}, {"k": 0.5}),
    ("enum-unknown-symbol-takes-reader-default", SUIT, {"type": "enum", "name": "Suit", "symbols": ["SPADES", "OTHER"], "default": "OTHER"},
     "CLUBS", "OTHER"),
    ("field-alias", {"type": "record", "name": "R", "fields": [{"name": "old", "type": "int"}]},
     {"type": "record", "name": "R", "fields": [{"name": "new", "type": "long", "aliases": ["old"]}]}, {"old": 4}, {"new": 4}),
    ("type-alias", {"type": "record", "name": "a.Old", "fields": [{"name": "x", "type": "int"}]},
     {"type": "record", "name": "b.New", "aliases": ["a.Old"], "fields": [{"name": "x", "type": "int"}]}, {"x": 1}, {"x": 1}),
    ("enum-alias-in-union", {"type": "enum", "name": "a.E", "symbols": ["X"]},
     ["null", {"type": "enum", "name": "b.F", "aliases": ["a.E"], "symbols": ["X", "Y"]}], "X", {"b.F": "X"}),
    ("writer-union-to-non-union", ["null", "int"], "long", {"int": 8}, 8),
    ("writer-union-to-record", ["null", {"type": "record", "name": "R", "fields": [{"name": "x", "type": "int"}]}],
     {"type": "record", "name": "R", "fields": [{"name": "x", "type": "int"}, {"name": "y", "type": "string", "default": "d"}]},
     {"R": {"x": 1}}, {"x": 1, "y": "d"}),
    # python3-avro encodes a bytes default as UTF-8; the spec says code points U+0000..U+00FF are the bytes.
    ("bytes-default-is-iso-8859-1", {"type": "record", "name": "R", "fields": []},
     {"type": "record", "name": "R", "fields": [{"name": "b", "type": "bytes", "default": "\u00ff\u00e9"}]}, {}, {"b": "\u00ff\u00e9"}),
    ("namespace-ignored-for-records", {"type": "record", "name": "a.R", "fields": [{"name": "x", "type": "int"}]},
     {"type": "record", "name": "b.R", "fields": [{"name": "x", "type": "int"}]}, {"x": 5}, {"x": 5}),
]

# Cases where python3-avro reads a value, but not the spec's.
PYTHON_DEVIATES = {"bytes-default-is-iso-8859-1"}

# Resolutions that must fail: (name, writer, reader, writer value).
RESOLUTION_ERRORS = [
    ("missing-field-without-default", {"type": "record", "name": "R", "fields": [{"name": "a", "type": "int"}]},
     {"type": "record", "name": "R", "fields": [{"name": "a", "type": "int"}, {"name": "b", "type": "int"}]}, {"a": 1}),
    ("enum-unknown-symbol-without-default", SUIT, {"type": "enum", "name": "Suit", "symbols": ["SPADES"]}, "HEARTS"),
    ("long-to-int", "long", "int", 1),
    ("double-to-float", "double", "float", 1.0),
    ("string-to-int", "string", "int", "1"),
    ("fixed-size-changed", {"type": "fixed", "name": "F", "size": 2}, {"type": "fixed", "name": "F", "size": 3}, "ab"),
    ("fixed-renamed", {"type": "fixed", "name": "F", "size": 2}, {"type": "fixed", "name": "G", "size": 2}, "ab"),
    ("union-branch-not-readable", ["null", "string"], ["null", "int"], {"string": "x"}),
]


def write_blocks(schema_json, blocks, sized):
    schema = avro.schema.parse(json.dumps(schema_json))
    buffer = io.BytesIO()
    encoder = avro.io.BinaryEncoder(buffer)
    writer = HintedWriter(schema)
    for block in blocks:
        body = io.BytesIO()
        body_encoder = avro.io.BinaryEncoder(body)
        for item in block:
            if isinstance(schema, avro.schema.MapSchema):
                body_encoder.write_utf8(item[0])
                writer.write_data(schema.values, from_json(schema.values, item[1]), body_encoder)
            else:
                writer.write_data(schema.items, from_json(schema.items, item), body_encoder)
        if sized:
            encoder.write_long(-len(block))
            encoder.write_long(len(body.getvalue()))
        else:
            encoder.write_long(len(block))
        encoder.write(body.getvalue())
    encoder.write_long(0)
    data = buffer.getvalue()
    value = to_json(schema, decode(schema, schema, data))
    return {"schema": json.dumps(schema_json), "binary": data.hex(), "json": value}


def generate():
    encodings = []
    for name, schema_json, values in CASES:
        schema = avro.schema.parse(json.dumps(schema_json))
        entries = []
        for value in values:
            data = encode(schema, value)
            read = decode(schema, schema, data)
            back = to_json(schema, read)
            if not same(back, value):
                raise SystemExit(f"{name}: {value!r} read back as {back!r}")
            entries.append({"json": back, "plain": to_json(schema, read, plain=True), "binary": data.hex()})
        encodings.append({"name": name, "schema": json.dumps(schema_json), "values": entries})

    blocks = []
    for name, schema_json, block_values, sized in BLOCKS:
        blocks.append({"name": name, **write_blocks(schema_json, block_values, sized)})

    resolution = []
    for name, writer_json, reader_json, value, expected in RESOLUTION:
        writer = avro.schema.parse(json.dumps(writer_json))
        reader = avro.schema.parse(json.dumps(reader_json))
        data = encode(writer, value)
        try:
            result = to_json(reader, decode(writer, reader, data))
            source = "python3-avro"
            if expected is not None and not same(result, expected):
                if name not in PYTHON_DEVIATES:
                    raise SystemExit(f"{name}: python3-avro read {result!r}, the spec says {expected!r}")
                result, source = expected, "spec (python3-avro reads " + json.dumps(result) + ")"
        except (avro.errors.AvroException, avro.errors.SchemaResolutionException) as e:
            if expected is None:
                raise SystemExit(f"{name}: python3-avro failed ({e}) and no expectation is given")
            result, source = expected, "spec"
        resolution.append({"name": name, "writer": json.dumps(writer_json), "reader": json.dumps(reader_json),
                           "binary": data.hex(), "json": result, "source": source})
    for name, writer_json, reader_json, value in RESOLUTION_ERRORS:
        writer = avro.schema.parse(json.dumps(writer_json))
        reader = avro.schema.parse(json.dumps(reader_json))
        data = encode(writer, value)
        try:
            result = to_json(reader, decode(writer, reader, data))
        except (avro.errors.AvroException, avro.errors.SchemaResolutionException) as e:
            resolution.append({"name": name, "writer": json.dumps(writer_json), "reader": json.dumps(reader_json),
                               "binary": data.hex(), "error": type(e).__name__, "source": "python3-avro"})
            continue
        raise SystemExit(f"{name}: python3-avro read {result!r} where an error was expected")

    header = {"generator": f"python3-avro {avro.__version__}", "script": "generate.py"}
    with open(os.path.join(HERE, "encodings.json"), "w", encoding="utf-8") as out:
        json.dump({**header, "cases": encodings, "blocks": blocks}, out, ensure_ascii=True, indent=1)
        out.write("\n")
    with open(os.path.join(HERE, "resolution.json"), "w", encoding="utf-8") as out:
        json.dump({**header, "cases": resolution}, out, ensure_ascii=True, indent=1)
        out.write("\n")
    values = sum(len(c["values"]) for c in encodings)
    print(f"{len(encodings)} schemas, {values} values, {len(blocks)} block cases, {len(resolution)} resolution cases")


def check(path):
    with open(path, encoding="utf-8") as f:
        written = json.load(f)
    failures = 0
    for entry in written["cases"]:
        schema = avro.schema.parse(entry["schema"])
        data = bytes.fromhex(entry["binary"])
        try:
            # python3-avro reads the bytes and writes what it read back to the same bytes...
            read = decode(schema, schema, data)
            buffer = io.BytesIO()
            HintedWriter(schema).write(read, avro.io.BinaryEncoder(buffer))
            if buffer.getvalue() != data:
                raise ValueError(f"python3-avro reads the bytes and writes back {buffer.getvalue().hex()[:200]}")
            # ...and the JSON Wharf.Avro wrote for them is that value: python3-avro encodes it to the same bytes.
            again = encode(schema, entry["json"])
            if again != data:
                raise ValueError(f"python3-avro writes the JSON as {again.hex()[:200]}")
        except Exception as e:  # noqa: BLE001 - report every failure, then exit non-zero
            failures += 1
            print(f"FAIL {entry['name']}: {e}")
    print(f"checked {len(written['cases'])} datums written by Wharf.Avro: {len(written['cases']) - failures} agree with python3-avro, {failures} do not")
    return 1 if failures else 0


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--check":
        sys.exit(check(sys.argv[2]))
    if len(sys.argv) != 1:
        raise SystemExit(__doc__)
    generate()
