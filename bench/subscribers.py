"""The subscribers the bench compares, and the local processes it starts (broker, publishers), all ended by PID."""
import json
import os
import signal
import socket
import subprocess
import threading
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
TOPIC = 'bench/readings'


def free_port():
    """A TCP port nothing listens on right now (loopback only)."""
    with socket.socket() as s:
        s.bind(('127.0.0.1', 0))
        return s.getsockname()[1]


class Processes:
    """Every process the bench starts: each PID goes to a file that bench/run kills from if we die first."""

    def __init__(self, pidfile):
        self.pidfile = pidfile
        self.running = []
        self.lock = threading.Lock()  # publishers start processes from their own thread

    def start(self, name, argv, log=None, stdout=None, **kw):
        """Starts argv in its own session (so Ctrl-C reaches only us), output to `stdout` or appended to `log`."""
        out = stdout or (open(log, 'ab') if log else subprocess.DEVNULL)
        try:
            proc = subprocess.Popen(argv, stdout=out, stderr=subprocess.STDOUT if log or stdout else subprocess.DEVNULL,
                                    start_new_session=True, **kw)
        finally:
            if log and not stdout:
                out.close()
        proc.name = name
        with self.lock:
            self.running.append(proc)
            self.write_pidfile()
        return proc

    def write_pidfile(self):
        with open(self.pidfile, 'w') as f:
            f.write(''.join(f'{p.pid}\n' for p in self.running))

    def stop(self, proc, grace=20):
        """SIGTERM, then SIGKILL after `grace` seconds."""
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(grace)
            except subprocess.TimeoutExpired:
                print(f'  {proc.name} (pid {proc.pid}) ignored SIGTERM for {grace} s: SIGKILL')
                proc.kill()
                proc.wait(5)
        with self.lock:
            if proc in self.running:
                self.running.remove(proc)
                self.write_pidfile()

    def stop_all(self):
        for proc in reversed(list(self.running)):
            self.stop(proc, grace=10)


def peak_rss_mib(proc):
    """VmHWM (peak resident set) of a running process, in MiB; None once it has gone."""
    try:
        for line in Path(f'/proc/{proc.pid}/status').read_text().splitlines():
            if line.startswith('VmHWM:'):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return None


class Broker:
    """A throwaway Mosquitto on a free loopback port that never drops: unlimited queues and in-flight windows."""

    def __init__(self, procs, run_dir):
        self.port = free_port()
        self.log = run_dir / f'mosquitto-{self.port}.log'
        conf = run_dir / f'mosquitto-{self.port}.conf'
        conf.write_text(f'listener {self.port} 127.0.0.1\nallow_anonymous true\npersistence false\n'
                        f'max_queued_messages 0\nmax_inflight_messages 0\nuser root\n'
                        f'log_dest file {self.log}\n')
        self.procs = procs
        self.proc = procs.start('mosquitto', ['mosquitto', '-c', str(conf)])
        for _ in range(100):
            try:
                socket.create_connection(('127.0.0.1', self.port), 0.1).close()
                return
            except OSError:
                if self.proc.poll() is not None:
                    break
                time.sleep(0.05)
        raise RuntimeError(f'mosquitto did not start on port {self.port}: see {self.log}')

    def dropped(self):
        """Log lines in which the broker says it dropped messages (there should be none)."""
        text = self.log.read_text(errors='replace') if self.log.exists() else ''
        return [line for line in text.splitlines() if 'dropped' in line.lower()]

    def stop(self):
        self.procs.stop(self.proc)


class Subscriber:
    """One way of bridging MQTT to a file. `output` is the file, or the folder of *.jsonl files, it appends to."""
    qos = 1  # every subscriber subscribes at QoS 1; a QoS 0 publish is then delivered at QoS 0 (the lower)

    def __init__(self, key, label):
        self.key, self.label = key, label
        self.client_id = f'bench-{key}'

    def prepare(self, run_dir):
        self.dir = run_dir / self.key
        self.dir.mkdir()
        self.output = self.dir / 'out.txt'

    def start(self, procs, port):
        raise NotImplementedError


class MosquittoSub(Subscriber):
    def start(self, procs, port):
        # == mosquitto_sub -c -i ID -q 1 -t TOPIC >> out.txt (-c: clean session off, so it can drain a backlog)
        out = open(self.output, 'ab')
        try:
            return procs.start(self.label, ['mosquitto_sub', '-h', '127.0.0.1', '-p', str(port), '-c', '-i',
                                            self.client_id, '-q', str(self.qos), '-t', TOPIC], stdout=out)
        finally:
            out.close()


class SeedPython(Subscriber):
    def start(self, procs, port):
        return procs.start(self.label, ['/usr/bin/python3', str(BENCH / 'seed_subscriber.py'), str(port), TOPIC,
                                        str(self.qos), str(self.output), self.client_id], log=self.dir / 'seed.log')


class NodeRed(Subscriber):
    """Node-RED 4.1.8: mqtt in (output utf8) -> file node appending a line."""

    def __init__(self, key, label, red_js):
        super().__init__(key, label)
        self.red_js = red_js

    def start(self, procs, port):
        flow = [
            {'id': 'tab', 'type': 'tab', 'label': 'bench'},
            {'id': 'broker', 'type': 'mqtt-broker', 'name': 'bench', 'broker': '127.0.0.1', 'port': str(port),
             'clientid': self.client_id, 'autoConnect': True, 'usetls': False, 'protocolVersion': '4',
             'keepalive': '60', 'cleansession': False,
             # else closing the flow unsubscribes, and the session queues nothing while Node-RED is down
             'autoUnsubscribe': False},
            {'id': 'in', 'type': 'mqtt in', 'z': 'tab', 'x': 100, 'y': 40, 'topic': TOPIC, 'qos': str(self.qos),
             'datatype': 'utf8', 'broker': 'broker', 'nl': False, 'rap': True, 'rh': 0, 'inputs': 0,
             'wires': [['file']]},
            {'id': 'file', 'type': 'file', 'z': 'tab', 'x': 300, 'y': 40, 'filename': str(self.output),
             'filenameType': 'str', 'appendNewline': True, 'createDir': True, 'overwriteFile': 'false',
             'encoding': 'none', 'wires': [[]]},
        ]
        flows = self.dir / 'flows.json'
        flows.write_text(json.dumps(flow))
        user_dir = self.dir / 'user'
        user_dir.mkdir(exist_ok=True)
        return procs.start(self.label, ['node', str(self.red_js), '--settings', str(BENCH / 'node-red-settings.js'),
                                        '--userDir', str(user_dir), str(flows)], log=self.dir / 'node-red.log')


# the JVM options bin/sensor-bridge gives the bridge: the raw clients get the same, so only the code differs
LAUNCHER_JVM_OPTIONS = ['-XX:+UseSerialGC', '-Xms64m', '-Xmx256m']


class RawPaho(Subscriber):
    """The bare Paho client the bridge runs on (bench/RawPahoSubscriber.java): the floor under the bridge."""
    jfr = None

    def __init__(self, key, label, jar, version):
        super().__init__(key, label)
        self.jar, self.version = jar, version
        self.starts = 0

    def start(self, procs, port):
        self.starts += 1
        return procs.start(self.label, ['java'] + LAUNCHER_JVM_OPTIONS + jfr_flags(self, self.starts) + [
            '-cp', str(self.jar), str(BENCH / 'RawPahoSubscriber.java'), self.version, str(port), TOPIC,
            self.client_id, str(self.output)], log=self.dir / 'raw.log')

    def complaints(self):
        return (self.dir / 'raw.log').read_text(errors='replace').splitlines() if (self.dir / 'raw.log').exists() \
            else []


def jfr_flags(sub, start):
    """A JFR profile of this start, when bench.py --jfr asked for one."""
    return [f'-XX:StartFlightRecording=filename={sub.jfr}/{sub.key}-{start}.jfr,settings=profile'] if sub.jfr else []


class SensorBridge(Subscriber):
    """bin/sensor-bridge (java -jar target/sensor-bridge.jar) as a pure bridge to the bench's broker."""
    jfr = None

    def __init__(self, key, label, jar, fsync, mqtt_version='3.1.1'):
        super().__init__(key, label)
        self.jar, self.fsync, self.mqtt_version = jar, fsync, mqtt_version

    def prepare(self, run_dir):
        super().prepare(run_dir)
        self.output = self.dir / 'readings'
        self.log = self.dir / 'bridge.log'
        self.starts = 0

    def start(self, procs, port):
        # A fresh output folder per start keeps each start's lines apart
        self.starts += 1
        env = dict(os.environ, BROKER_EMBEDDED_ENABLED='false', SIMULATOR_ENABLED='false',
                   MQTT_BROKER_URL=f'tcp://127.0.0.1:{port}', BRIDGE_TOPIC=TOPIC, MQTT_CLIENT_ID='bench-bridge',
                   BRIDGE_OUTPUT_DIR=str(self.output / f'start-{self.starts}'),
                   BRIDGE_DEADLETTER_DIR=str(self.dir / 'dead-letter'),
                   BRIDGE_FSYNC=self.fsync, MQTT_VERSION=self.mqtt_version, HTTP_PORT=str(free_port()))
        if self.jfr:
            env['JAVA_TOOL_OPTIONS'] = ' '.join(jfr_flags(self, self.starts))
        # the launcher the README uses: java -jar with the JVM options it sets (bin/sensor-bridge)
        return procs.start(self.label, [str(BENCH.parent / 'bin' / 'sensor-bridge')], log=self.log, env=env,
                           cwd=self.dir)

    def complaints(self):
        """WARN, ERROR and uncaught-exception lines of its log, and dead letters: a healthy bench run has none."""
        lines = self.log.read_text(errors='replace').splitlines() if self.log.exists() else []
        found = [line for line in lines if ' WARN ' in line or ' ERROR ' in line or 'Exception in thread' in line]
        dead = sum(f.read_bytes().count(b'\n') for f in (self.dir / 'dead-letter').rglob('*.jsonl'))
        return found + ([f'{dead} dead-letter line(s)'] if dead else [])
