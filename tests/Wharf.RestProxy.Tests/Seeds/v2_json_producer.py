#!/usr/bin/python3
# Seed 000 (lines 366-384, "A Python Producer Using the REST Proxy"): one JSON record with a string key and value
# posted to my_topic in the v2 json format. Ported to Python 3 only where Python 2 syntax forces it (print
# statements became print() calls) and with the braces the page's layout lost put back; the URL, header and body
# are as written. The test reaches restproxy:8082 through HTTP_PROXY.

import requests
import json

url = "http://restproxy:8082/topics/my_topic"
headers = {
    "Content-Type" : "application/vnd.kafka.json.v2+json"
}
# Create one or more messages
payload = {"records":
    [{
        "key": "firstkey",
        "value": "firstvalue"
    }]}
# Send the message
r = requests.post(url, data=json.dumps(payload), headers=headers)
if r.status_code != 200:
    print("Status Code: " + str(r.status_code))
    print(r.text)
else:
    print(r.text)
