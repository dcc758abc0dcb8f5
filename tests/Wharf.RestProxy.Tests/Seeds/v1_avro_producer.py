#!/usr/bin/python3
# Seed 003 (lines 679-710): a legacy REST Proxy v1 producer sends an Avro key and value with their schemas, read
# from my_key.avsc and my_value.avsc (the CardSuit and SimpleCard records of the seed's Java twin, lines 648-677;
# the test runs this script in the folder that holds them). Ported to Python 3 only where Python 2 or the seed's
# typos force it: print() calls, open() without the "U" mode Python 3.11 removed, and the records list closed as
# "}]" where the seed has "]}]". The URL, header and body are as written; the seed shows no import lines.

import requests
import json
import sys

key_schema = open("my_key.avsc", 'r').read()
value_schema = open("my_value.avsc", 'r').read()

producerurl = "http://kafkarest1:8082/topics/my_avro_topic"

headers = {
    "Content-Type" : "application/vnd.kafka.avro.v1+json"
}

payload = {
    "key_schema": key_schema,
    "value_schema": value_schema,
    "records":
    [{
        "key": {"suit": "spades"},
        "value": {"suit": "spades", "card": "ace"}
    }]}

# Send the message
r = requests.post(producerurl, data=json.dumps(payload), headers=headers)

if r.status_code != 200:
    print("Status Code: " + str(r.status_code))
    print(r.text)
    sys.exit("Error thrown while producing")

print(r.text)
