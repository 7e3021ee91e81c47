# The seed's subscriber (src/test/resources/seed/subscriber.py) turned into a bridge to a file, for the bench:
# on_message appends the payload as one line instead of printing it, flushed like the seed's print(flush=True).
# It keeps a persistent session (fixed client id, clean session off) so the broker queues while it is stopped.
# Usage: /usr/bin/python3 seed_subscriber.py PORT TOPIC QOS FILE CLIENT_ID
import signal
import sys

import paho.mqtt.client as mqtt

port, topic, qos, path, client_id = int(sys.argv[1]), sys.argv[2], int(sys.argv[3]), sys.argv[4], sys.argv[5]
out = open(path, 'ab')


def on_connect(client, userdata, flags, rc):
    client.subscribe(topic, qos)


def on_message(client, userdata, message):
    out.write(message.payload + b'\n')
    out.flush()


client = mqtt.Client(client_id=client_id, clean_session=False)
client.on_connect = on_connect
client.on_message = on_message
signal.signal(signal.SIGTERM, lambda sig, frame: client.disconnect())

client.connect('127.0.0.1', port, 60)
client.loop_forever()
out.close()
