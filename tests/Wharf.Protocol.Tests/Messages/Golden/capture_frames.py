#!/usr/bin/python3
"""Records the request frames real Kafka clients send, for the golden-bytes tests (GoldenFrameTests.cs).

It is run by hand, once per client version, and its output files are committed; the test run needs no
client. A broker must advertise the proxy's address, so that clients keep talking through it:

    wharf broker --data-dir /tmp/capture -o listeners=PLAINTEXT://127.0.0.1:9192 \
        -o advertised.listeners=PLAINTEXT://127.0.0.1:9193
    capture_frames.py 9193 127.0.0.1:9192 librdkafka-2.0.2.frames   # then run the clients against 9193

Each output line is one request frame (header and body, without the length prefix) in hex. At most
PER_VERSION frames are kept for each API key and version.
"""
import socket
import struct
import sys
import threading

PER_VERSION = 2


def main():
    listen_port, target, output = int(sys.argv[1]), sys.argv[2], sys.argv[3]
    host, port = target.split(":")
    seen = {}
    lock = threading.Lock()
    out = open(output, "a", encoding="ascii")

    def record(frame):
        key = struct.unpack(">hh", frame[:4])
        with lock:
            if seen.get(key, 0) < PER_VERSION:
                seen[key] = seen.get(key, 0) + 1
                out.write(frame.hex() + "\n")
                out.flush()

    def client_to_broker(client, broker):
        buffer = b""
        while True:
            data = client.recv(65536)
            if not data:
                break
            broker.sendall(data)
            buffer += data
            while len(buffer) >= 4:
                size = struct.unpack(">i", buffer[:4])[0]
                if len(buffer) < 4 + size:
                    break
                record(buffer[4:4 + size])
                buffer = buffer[4 + size:]
        broker.shutdown(socket.SHUT_WR)

    def broker_to_client(broker, client):
        try:
            while True:
                data = broker.recv(65536)
                if not data:
                    break
                client.sendall(data)
        except OSError:
            pass
        client.close()
        broker.close()

    server = socket.socket()
    server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    server.bind(("127.0.0.1", listen_port))
    server.listen(64)
    while True:
        client, _ = server.accept()
        broker = socket.create_connection((host, int(port)))
        threading.Thread(target=client_to_broker, args=(client, broker), daemon=True).start()
        threading.Thread(target=broker_to_client, args=(broker, client), daemon=True).start()


if __name__ == "__main__":
    main()
