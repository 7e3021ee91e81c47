"""Where a JFR recording's CPU samples went: by thread, by the layer of the sampled frame, and the hottest methods.
    /usr/bin/python3 bench/jfr_top.py [--top N] FILE.jfr [FILE.jfr ...]   (several files: their samples together)
A layer is the package of the innermost frame that is not the JDK's (a JDK frame called from Jackson counts as
Jackson); 'inclusive' counts a sample once for each layer anywhere on its stack."""
import collections
import json
import subprocess
import sys

LAYERS = [('io.sensorbridge.', 'sensor-bridge'), ('org.eclipse.paho.', 'Paho'), ('com.fasterxml.jackson.', 'Jackson'),
          ('org.apache.camel.', 'Camel'), ('ch.qos.logback.', 'logging'), ('org.slf4j.', 'logging'),
          ('org.apache.logging.', 'logging')]


def layer(method):
    name = method['type']['name'].replace('/', '.')
    for prefix, label in LAYERS:
        if name.startswith(prefix):
            return label
    return None


def name(frame):
    m = frame['method']
    return f"{m['type']['name'].replace('/', '.').rsplit('.', 1)[-1]}.{m['name']}"


def main():
    args = sys.argv[1:]
    top = 15
    if args[:1] == ['--top']:
        top, args = int(args[1]), args[2:]
    events = []
    for path in args:
        out = subprocess.run(['jfr', 'print', '--json', '--stack-depth', '64', '--events', 'jdk.ExecutionSample',
                              path], capture_output=True, text=True, check=True).stdout
        events += json.loads(out)['recording']['events']
    path = ' '.join(args)
    threads, layers, inclusive, hot = (collections.Counter() for _ in range(4))
    for e in events:
        frames = e['values']['stackTrace']['frames'] if e['values'].get('stackTrace') else []
        threads[(e['values'].get('sampledThread') or {}).get('javaName') or '?'] += 1
        first = next((layer(f['method']) for f in frames if layer(f['method'])), 'JDK only')
        layers[first] += 1
        for label in {layer(f['method']) for f in frames} - {None}:
            inclusive[label] += 1
        if frames:
            hot[name(frames[0])] += 1
    total = max(len(events), 1)
    print(f'{path}: {len(events)} samples')
    print('by thread:   ' + ', '.join(f'{t} {n * 100 / total:.0f}%' for t, n in threads.most_common(6)))
    print('by layer:    ' + ', '.join(f'{t} {n * 100 / total:.0f}%' for t, n in layers.most_common()))
    print('inclusive:   ' + ', '.join(f'{t} {n * 100 / total:.0f}%' for t, n in inclusive.most_common()))
    print('hottest methods (self):')
    for m, n in hot.most_common(top):
        print(f'  {n * 100 / total:5.1f}%  {m}')


if __name__ == '__main__':
    main()
