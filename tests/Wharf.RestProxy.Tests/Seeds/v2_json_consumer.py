#!/usr/bin/python3
# Seed 000 (lines 404-520, "python consumer example"): create the json consumer my_consumer in group1, subscribe it
# to hello_world_topic, consume, delete it. Every function the seed shows is as written (GET_HEADERS keeps its
# "Accepts" typo; requests then sends its default Accept: */*). The seed leaves consume_messages out ("in a more
# realistic example you would loop indefinitely"): here it reads until records came, up to 30 times, with the
# Accept header the seed's next page says a reader must send (the consumer's format), and prints each value. The
# seed's FOST_HEADERS typo is defined as POST_HEADERS too, since its functions use that name.

import requests
import json
import sys

FORMAT = "application/vnd.kafka.v2+json"
FOST_HEADERS = { "Content-Type": FORMAT }
POST_HEADERS = FOST_HEADERS
GET_HEADERS = { "Accepts": FORMAT }


def create_consumer_instance(group_name, instance_name):
    url = f'http://restproxy:8082/consumers/{group_name}'
    payload = {
        "name": instance_name,
        "format": "json"
    }
    r = requests.post(url, data=json.dumps(payload), headers=POST_HEADERS)
    if r.status_code != 200:
        print ("Status Code: " + str(r.status_code))
        print (r.text)
        sys.exit("Error thrown while creating consumer")

    return r.json()["base_uri"]


def subscribe_to_topic(uri, topic_name):
    payload = {
        "topics": [topic_name]
    }

    r = requests.post(uri + "/subscription",
                      data=json.dumps(payload),
                      headers=POST_HEADERS)

    if r.status_code != 204:
        print("Status Code: " + str(r.status_code))
        print(r.text)
        delete_consumer(uri)
        sys.exit("Error thrown while subscribing the consumer to the topic")


def consume_messages(uri):
    for _ in range(30):
        r = requests.get(uri + "/records", headers={"Accept": "application/vnd.kafka.json.v2+json"}, timeout=20)
        if r.status_code != 200:
            print("Status Code: " + str(r.status_code))
            print(r.text)
            delete_consumer(uri)
            sys.exit("Error thrown while getting messages")
        records = r.json()
        for record in records:
            print("Message Value:" + json.dumps(record["value"]))
        if records:
            return


def delete_consumer(uri):
    r = requests.delete(uri, headers=GET_HEADERS)

    if r.status_code != 204:
        print ("Status Code: " + str(r.status_code))
        print (r.text)


base_uri = create_consumer_instance("group1", "my_consumer")
subscribe_to_topic(base_uri, "hello_world_topic")
consume_messages(base_uri)
delete_consumer(base_uri)
print("Deleted")
