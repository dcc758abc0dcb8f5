#!/usr/bin/python3
# Seed 001 (lines 505-560): the course's REST producer of ClickEvent records in the v2 json format, one produce()
# call. The seed builds events with faker (not a Debian package) and forgot `from dataclasses import ...`; here the
# imports are added and the event's fields get fixed values of the same kinds. URL, headers and body are as written.
import json
import random
from dataclasses import asdict, dataclass, field

import requests


REST_PROXY_URL = "http://localhost:8082"


def produce():
    """Produces data using REST Proxy"""

    headers = {
        "Content-Type": "application/vnd.kafka.json.v2+json"
    }
    data = {
        "records": [
            {"value": asdict(ClickEvent())}
        ]
    }
    resp = requests.post(
        f"{REST_PROXY_URL}/topics/lesson4.sample5", data=json.dumps(data), headers=headers # TODO
    )

    try:
        resp.raise_for_status()
    except:
        print(f"Failed to send data to REST Proxy {json.dumps(resp.json(), indent=2)}")

    print(f"Sent data to REST Proxy {json.dumps(resp.json(), indent=2)}")


@dataclass
class ClickEvent:
    email: str = field(default_factory=lambda: "alice@example.com")
    timestamp: str = field(default_factory=lambda: "2020-12-14T16:02:00")
    uri: str = field(default_factory=lambda: "http://www.example.com/click")
    number: int = field(default_factory=lambda: random.randint(0, 999))


if __name__ == "__main__":
    produce()
