#!/usr/bin/python3
# Seed 003 (lines 749-771): a legacy REST Proxy v1 consumer reads my_avro_topic in the avro format and takes the
# suit and card out of each message. The seed shows only the read and the loop; the consumer instance is created
# and deleted as the seed's binary consumer does it (lines 366-431), with "format": "avro" and, as the seed's
# "smallest" consumer (lines 552-574), from the beginning of the log with a random group. Ported to Python 3 only
# where Python 2 syntax forces it (print); the loop prints what the seed leaves as "Do something with the data".

import requests
import json
import random
import sys

baseurl = "http://kafkarest1:8082/consumers/" + str(random.randint(0, 2147483647))

payload = {
    "format": "avro",
    "auto.offset.reset": "smallest"
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
    "Accept" : "application/vnd.kafka.avro.v1+json"
}

# Request messages for the instance on the topic
r = requests.get(base_uri + "/topics/my_avro_topic", headers=headers, timeout=20)

if r.status_code != 200:
    print("Status Code: " + str(r.status_code))
    print(r.text)
    sys.exit("Error thrown while getting message")

# Output all messages
for message in r.json():
    keysuit = message["key"]["suit"]

    valuesuit = message["value"]["suit"]
    valuecard = message["value"]["card"]

    # Do something with the data
    print("Key suit:" + keysuit + " Value suit:" + valuesuit + " Value card:" + valuecard)

# Delete the consumer now that we've read the messages
headers = {
    "Accept" : "application/vnd.kafka.v1+json"
}

r = requests.delete(base_uri, headers=headers)

if r.status_code != 204:
    print("Status Code: " + str(r.status_code))
    print(r.text)
