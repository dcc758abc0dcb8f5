#!/usr/bin/python3
# Seed 000 (lines 529-545, "python consumer example: manual commit"): a binary consumer created with
# "auto.commit.enable": "false" commits what it read with a body-less POST to {base_uri}/offsets. The seed shows
# only the create and commit calls; baseurl is the one of the page's other consumer examples (seed 003), the read
# between them is the v2 form of that page's read, and shouldCommit() always says yes. Ported to Python 3 only
# where Python 2 syntax forces it.

import requests
import base64
import json
import sys

baseurl = "http://kafkarest1:8082/consumers/group1"

def shouldCommit():
    return True

payload = {
    "format": "binary",
    # Manually/Programmatically commit offset
    "auto.commit.enable": "false"
}

headers = {
    "Content-Type" : "application/vnd.kafka.v2+json"
}

r = requests.post(baseurl, data=json.dumps(payload), headers=headers)
if r.status_code != 200:
    print("Status Code: " + str(r.status_code))
    print(r.text)
    sys.exit("Error thrown while creating consumer")

base_uri = r.json()["base_uri"]

r = requests.post(base_uri + "/subscription", data=json.dumps({"topics": ["my_topic"]}), headers=headers)
if r.status_code != 204:
    print("Status Code: " + str(r.status_code))
    print(r.text)
    sys.exit("Error thrown while subscribing")

for _ in range(30):
    r = requests.get(base_uri + "/records", headers={"Accept" : "application/vnd.kafka.binary.v2+json"}, timeout=20)
    if r.status_code != 200:
        print("Status Code: " + str(r.status_code))
        print(r.text)
        sys.exit("Error thrown while getting message")
    messages = r.json()
    for message in messages:
        print("Message Value:" + base64.b64decode(message["value"]).decode())
    if messages:
        break

# Commit the offsets
if shouldCommit() == True:
    r = requests.post(base_uri + "/offsets", headers=headers, timeout=20)
    if r.status_code != 200:
        print("Status Code: " + str(r.status_code))
        print(r.text)
        sys.exit("Error thrown while committing")
    print("Committed")

r = requests.delete(base_uri, headers=headers)
