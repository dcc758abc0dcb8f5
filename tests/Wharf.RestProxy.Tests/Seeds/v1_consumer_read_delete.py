#!/usr/bin/python3
# Seed 003 (lines 366-431): a legacy REST Proxy v1 consumer creates an instance without a name, reads a topic
# through its base_uri, prints the messages and deletes the instance. Ported to Python 3 only where Python 2
# syntax forces it: print statements became print() calls, and base64.b64decode() returns bytes, which are
# decoded as UTF-8 before concatenation. Every URL, header and body is as written; the test reaches
# kafkarest1:8082 through HTTP_PROXY, so the proxy sees the requests exactly as the script sends them.

import requests
import base64
import json
import sys

# Base URL for interacting with REST server
baseurl = "http://kafkarest1:8082/consumers/group1"

# Create the consumer instance
print("Creating consumer instance")

payload = {
    "format": "binary"
}

headers = {
    "Content-Type" : "application/vnd.kafka.v1+json"
}

r = requests.post(baseurl, data=json.dumps(payload), headers=headers)

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
    if message["key"] is not None:
        print("Message Key:" + base64.b64decode(message["key"]).decode())

    print("Message Value:" + base64.b64decode(message["value"]).decode())

# Delete the consumer now that we've sent the messages
headers = {
    "Accept" : "application/vnd.kafka.v1+json"
}

r = requests.delete(base_uri, headers=headers)

if r.status_code != 204:
    print("Status Code: " + str(r.status_code))
    print(r.text)
