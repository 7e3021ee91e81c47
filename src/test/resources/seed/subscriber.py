# The seed's temperature subscriber (../shared/seed), adapted only where a test needs it:
# broker host/port and a message count from the command line, and it prints that many and disconnects.
import json
import paho.mqtt.client as mqtt
import sys

topic = 'sensors/temperature'
broker = sys.argv[1]
port = int(sys.argv[2])
count = int(sys.argv[3])
received = 0

def on_connect(client, userdata, flags, rc):
    print(f'connected on {port}, broker {broker}, and result {rc}', flush=True)
    client.subscribe(topic)

def on_message(client, userdata, message):
    global received
    if received >= count:
        return  # paho still hands over what it had read before the disconnect (two readings close together)
    payload = json.loads(message.payload)
    print(f'received message: {payload}', flush=True)
    received += 1
    if received >= count:
        client.disconnect()

client = mqtt.Client()
client.on_connect = on_connect
client.on_message = on_message

client.connect(broker, port, 60)

client.loop_forever()
