# The seed's temperature publisher (../shared/seed), adapted only where a test needs it:
# broker host/port and a reading count from the command line, a bounded loop, and
# signal.signal instead of the seed's typo signal.sigint.
import json
import paho.mqtt.client as mqtt
import random
import signal
import sys
import time

topic = 'sensors/temperature'
broker = sys.argv[1]
port = int(sys.argv[2])
count = int(sys.argv[3])

client = mqtt.Client()
client.connect(broker, port, 60)
print(f'connected on {port}')

def disconnect():
    client.disconnect()

def signal_handler(sig, frame):
    if sig == 15:
        print('Kill Signal! Abrupt Exit!')
        sys.exit(0)
    if sig == 2:
        print('Keyboard Interrupt! Disconnecting!')
    elif sig == 15:
        print('Termination Signal! Disconnecting!')
    else:
        print("Generic termination signal with signal: {sig} & frame: {frame}")
    disconnect()
    sys.exit(0)

signal.signal(signal.SIGINT, signal_handler)

for _ in range(count):
  data = json.dumps({'temperature': random.randint(-20, 30)})
  client.publish(topic, data)
  print(f'published: {data}', flush=True)
  time.sleep(1)
disconnect()
