"""confluent-kafka-python's SchemaRegistryClient (Debian's python3-confluent-kafka 1.7) against the registry at
argv[1]: every call it offers, on subject argv[2]. Prints one JSON line with what it saw."""
import json
import sys

from confluent_kafka.schema_registry import Schema, SchemaRegistryClient
from confluent_kafka.schema_registry.error import SchemaRegistryError

url, subject = sys.argv[1], sys.argv[2]
client = SchemaRegistryClient({"url": url})
v1 = json.dumps({"type": "record", "name": "Card", "fields": [{"name": "suit", "type": "string"}]})
v2 = json.dumps({"type": "record", "name": "Card", "fields": [
    {"name": "suit", "type": "string"}, {"name": "rank", "type": "string", "default": "ace"}]})

seen = {}
seen["id"] = client.register_schema(subject, Schema(v1, "AVRO"))
seen["fetched"] = client.get_schema(seen["id"]).schema_str
seen["compatible"] = client.test_compatibility(subject, Schema(v2, "AVRO"))
seen["id2"] = client.register_schema(subject, Schema(v2, "AVRO"))
latest = client.get_latest_version(subject)
seen["latest"] = [latest.version, latest.schema_id]
seen["versions"] = client.get_versions(subject)
looked_up = client.lookup_schema(subject, Schema(v1, "AVRO"))
seen["lookup"] = [looked_up.version, looked_up.schema_id]
seen["version1"] = client.get_version(subject, 1).schema_id
seen["set_compatibility"] = client.set_compatibility(subject, "FULL")
seen["compatibility"] = client.get_compatibility(subject)
seen["in_subjects"] = subject in client.get_subjects()
try:
    client.register_schema(subject, Schema(json.dumps({"type": "record", "name": "Card", "fields": [{"name": "suit", "type": "int"}]}), "AVRO"))
except SchemaRegistryError as error:
    seen["incompatible"] = [error.http_status_code, error.error_code]
try:
    client.get_version(subject, 99)
except SchemaRegistryError as error:
    seen["missing"] = [error.http_status_code, error.error_code]
seen["deleted_version"] = client.delete_version(subject, 2)
seen["deleted_permanently"] = client.delete_subject(subject, permanent=True)  # a soft delete, then the hard one
seen["gone"] = subject not in client.get_subjects()
print(json.dumps(seen, separators=(",", ":")))
