#!/usr/bin/python3
# Seed 003 (lines 552-574): the v1 consumer of v1_consumer_read_delete.py created with
# "auto.offset.reset": "smallest", so its messages start from the beginning of the log. The seed shows only the
# create request and the loop over the messages; the read and the delete are the seed's own (lines 396-431). The
# seed leaves baseUrl open; its Java twin (lines 533-540) reads with a random group id, and so does this. Ported
# to Python 3 only where Python 2 syntax forces it (print, bytes from base64); URLs, headers and bodies as written.

import requests
import base64
import json
import random
import sys

baseUrl = "http://kafkarest1:8082/consumers/" + str(random.randint(0, 2147483647))

payload = {
    "format": "binary",
    "auto.offset.reset": "smallest"
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
    # Messages start from the beginning
    print("Message Value:" + base64.b64decode(message["value"]).decode())

# Delete the consumer now that we've sent the messages
headers = {
    "Accept" : "application/vnd.kafka.v1+json"
}

r = requests.delete(base_uri, headers=headers)

if r.status_code != 204:
    print("Status Code: " + str(r.status_code))
    print(r.text)
