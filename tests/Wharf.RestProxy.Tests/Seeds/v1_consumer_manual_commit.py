#!/usr/bin/python3
# Seed 003 (lines 609-634): a v1 consumer in group "manualcommitgroup" (the group of the seed's Java twin,
# lines 583-592) that starts from the smallest offset, does not auto-commit, reads, and commits with
# POST {base_uri}/offsets (no body). The read, the message loop and the delete are the seed's own (lines
# 396-431); shouldCommit() is the seed's placeholder, always true here. As composed, the commit goes out with
# the read's headers (Accept: application/vnd.kafka.binary.v1+json), the last ones the script set. Run twice,
# the second run starts where the first committed. Ported to Python 3 only where Python 2 syntax forces it
# (print, bytes from base64); URLs, headers and bodies as written.

import requests
import base64
import json
import sys

baseUrl = "http://kafkarest1:8082/consumers/manualcommitgroup"


def shouldCommit():
    return True


payload = {
    "format": "binary",
    "auto.offset.reset": "smallest",
    # Manually/Programmatically commit offset
    "auto.commit.enable": "false"
}

headers = {
    "Content-Type" : "application/vnd.kafka.v1+json"
}

r = requests.post(baseUrl, data=json.dumps(payload), headers=headers)

if r.status_code != 200:
    print("Status Code: " + str(r.status_code))
    print(r.text)
    sys.exit("Error thrown while creating consumer")

# Base URI is used to identify the consumer instance
base_uri = r.json()["base_uri"]

# Get the message(s) from the consumer
headers = {
    "Accept" : "application/vnd.kafka.binary.v1+json"
}

# Request messages for the instance on the topic
r = requests.get(base_uri + "/topics/my_topic", headers=headers, timeout=20)

if r.status_code != 200:
    print("Status Code: " + str(r.status_code))
    print(r.text)
    sys.exit("Error thrown while getting message")

# Output all messages
for message in r.json():
    print("Message Value:" + base64.b64decode(message["value"]).decode())

# Commit the offsets
if shouldCommit() == True:
    r = requests.post(base_uri + "/offsets", headers=headers, timeout=20)

    if r.status_code != 200:
        print("Status Code: " + str(r.status_code))
        print(r.text)
        sys.exit("Error thrown while committing")

    print("Committed")

# Delete the consumer now that we've sent the messages
headers = {
    "Accept" : "application/vnd.kafka.v1+json"
}

r = requests.delete(base_uri, headers=headers)

if r.status_code != 204:
    print("Status Code: " + str(r.status_code))
    print(r.text)
