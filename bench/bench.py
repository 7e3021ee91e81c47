"""Runs one MQTT load against each subscriber in turn and writes the table and chart. Started by bench/run.

Per subscriber, on a fresh Mosquitto:
  live     start it, wait until a probe reading shows up in its file, warm it up with N readings (not counted),
           then for each repetition publish N readings at QoS 0 and N at QoS 1 as fast as mosquitto_pub -l goes;
           msg/s = N / (first publish -> N-th line seen);
  latency  publish at a fixed rate (1,000/s, 10,000/s), each payload carrying its send time; a poller in this
           process tails the file and takes (time it sees the line) - (send time);
  drain    stop it (its persistent session stays on the broker), publish N at QoS 1, start it again:
           start-up = process start -> first line on disk, msg/s = N / (first -> N-th line);
  memory   VmHWM of its process(es).
Every payload is a valid reading for the bridge: {"run":"q1-2","seq":17,"temperature":1} (+ "t" for latency).
"""
import argparse
import os
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import report
from subscribers import (TOPIC, Broker, MosquittoSub, NodeRed, Processes, RawPaho, SeedPython, SensorBridge,
                         peak_rss_mib)

MODES = {  # N per throughput run, repetitions, seconds at each latency rate
    'full': dict(n=100_000, reps=3, latency={1_000: 10, 10_000: 5}),
    'quick': dict(n=10_000, reps=1, latency={1_000: 1, 10_000: 0.5}),
    'smoke': dict(n=500, reps=1, latency={1_000: 0.5, 10_000: 0.1}),
}
PUB_PART = 50_000  # mosquitto_pub -l at QoS >= 1 quits past 65,535 lines (eclipse-mosquitto #3253)
POLL = 0.002  # seconds between two looks at the file in throughput runs
STALL = 15  # seconds without a new line (publisher done) before a run is declared short
READY_TIMEOUT = 90  # seconds for a subscriber to take its first probe reading
LATENCY_TICK = 0.0005  # sleep between two rounds of (send what is due, look at the file) in latency runs


class Tail:
    """Follows what is appended to a file, or to every *.jsonl below a folder (the bridge's day files)."""

    def __init__(self, path):
        self.path = Path(path)
        self.offsets, self.partial = {}, {}
        self.next_scan = 0.0

    def files(self):
        if time.monotonic() >= self.next_scan:
            self.next_scan = time.monotonic() + 0.05
            found = sorted(self.path.rglob('*.jsonl')) if self.path.is_dir() else (
                [self.path] if self.path.exists() else [])
            for f in found:
                self.offsets.setdefault(f, 0)
        return list(self.offsets)

    def poll(self):
        """The complete lines appended since the last call, as one bytes object."""
        chunks = []
        for f in self.files():
            with open(f, 'rb') as fh:
                fh.seek(self.offsets[f])
                data = fh.read()
            if not data:
                continue
            self.offsets[f] += len(data)
            data = self.partial.pop(f, b'') + data
            cut = data.rfind(b'\n') + 1
            if cut < len(data):
                self.partial[f] = data[cut:]
            chunks.append(data[:cut])
        return b''.join(chunks)

    def mark(self):
        self.poll()
        return dict(self.offsets)

    def read_since(self, mark):
        out = []
        for f in self.files():
            with open(f, 'rb') as fh:
                fh.seek(mark.get(f, 0))
                out.append(fh.read())
        return b''.join(out)


def check(tail, mark, tag, n):
    """(lost, duplicates) of run `tag` in what was appended since `mark`."""
    seen = bytearray(n + 1)
    lines = 0
    for m in re.finditer(rb'"run":"' + tag.encode() + rb'","seq":(\d+)', tail.read_since(mark)):
        seq = int(m.group(1))
        if 1 <= seq <= n:
            seen[seq] = 1
            lines += 1
    unique = sum(seen)
    return n - unique, lines - unique


def payload_files(work, tag, n):
    """The N readings of one run, cut into files of at most PUB_PART lines for mosquitto_pub -l."""
    paths = []
    for part, start in enumerate(range(1, n + 1, PUB_PART)):
        p = work / f'{tag}-{part}.txt'
        p.write_text(''.join(f'{{"run":"{tag}","seq":{i},"temperature":1}}\n'
                             for i in range(start, min(start + PUB_PART, n + 1))))
        paths.append(p)
    return paths


def pub_argv(port, qos, client_id):
    return ['mosquitto_pub', '-h', '127.0.0.1', '-p', str(port), '-q', str(qos), '-t', TOPIC, '-i', client_id, '-l']


class Publisher(threading.Thread):
    """Feeds the part files to mosquitto_pub -l one after the other; `seconds` is how long it took."""

    def __init__(self, procs, port, qos, parts):
        super().__init__(daemon=True)
        self.procs, self.port, self.qos, self.parts = procs, port, qos, parts
        self.seconds, self.failed = None, None

    def run(self):
        t0 = time.monotonic()
        for i, part in enumerate(self.parts):
            with open(part, 'rb') as stdin:
                proc = self.procs.start('mosquitto_pub', pub_argv(self.port, self.qos, f'bench-pub-{i}'), stdin=stdin)
            try:
                rc = proc.wait(120)
            except subprocess.TimeoutExpired:
                rc = 'timeout'
            self.procs.stop(proc)
            if rc != 0:
                self.failed = f'mosquitto_pub exited {rc} on {part.name}'
                return
        self.seconds = time.monotonic() - t0


def wait_for(tail, tag, n, deadline, busy=lambda: False):
    """Polls until n lines of run `tag` were seen, the deadline passes, or none came for STALL seconds while
    `busy()` is false (READY_TIMEOUT before the first one). Returns the times of the first line of any run (a
    restarted subscriber may first get back what it had not acknowledged), of the first and of the last of `tag`."""
    needle = f'"run":"{tag}",'.encode()
    any_first = first = last = None
    count = 0
    quiet_since = time.monotonic()
    while count < n:
        now = time.monotonic()
        if now > deadline or (not busy() and now - quiet_since > (STALL if first else READY_TIMEOUT)):
            break
        time.sleep(POLL)
        new = tail.poll()
        any_first = any_first or (time.monotonic() if new else None)
        seen = new.count(needle)
        if seen:
            count += seen
            last = quiet_since = time.monotonic()
            first = first or last
        elif busy():
            quiet_since = time.monotonic()
    return any_first, first, last


def publish_alone(procs, broker, work, n, qos):
    parts = payload_files(work, f'alone{qos}', n)
    pub = Publisher(procs, broker.port, qos, parts)
    pub.start()
    pub.join(600)
    for p in parts:
        p.unlink()
    return n / pub.seconds if pub.seconds else 0.0


class Bench:
    def __init__(self, args):
        self.args = args
        self.mode = MODES[args.mode]
        self.scenarios = args.scenarios.split(',')
        self.procs = Processes(args.pidfile)
        self.work = Path(tempfile.mkdtemp(prefix='sensor-bridge-bench-'))
        self.rows = []  # report.Row per (scenario, subscriber)
        self.notes = []
        self.unmeasured = []
        self.poll_ms = []  # mean time between two looks at the file in each latency run: the resolution

    def say(self, text):
        print(text, flush=True)

    def loud(self, text):
        self.say(f'!!!!! {text} !!!!!')
        self.notes.append(f'**{text}**')

    def bench(self, sub):
        """One subscriber on its own broker: the live scenarios on one process, then the drains."""
        sub.prepare(self.work)
        broker = Broker(self.procs, self.work)
        tail = Tail(sub.output)
        try:
            if 'live' in self.scenarios:
                self.live(sub, broker, tail)
            else:  # the drain needs the session that a first start leaves on the broker
                proc = sub.start(self.procs, broker.port)
                self.wait_ready(sub, proc, broker, tail)
                self.procs.stop(proc)
            if 'drain' in self.scenarios:
                self.drain(sub, broker, tail)
            # duplicates again over the whole file: a restart may bring back what a stopped subscriber had
            # written but not acknowledged
            for row in self.rows:
                if row.subscriber == sub.label:
                    row.dup = sum(check(tail, {}, tag, n)[1] for tag, n in row.runs)
        finally:
            for line in broker.dropped():
                self.loud(f'{sub.label}: Mosquitto says: {line}')
            broker.stop()
            for line in getattr(sub, 'complaints', list)()[:5]:
                self.notes.append(f'{sub.label} logged: `{line.strip()}`')
                self.say(f'  {sub.label} logged: {line.strip()}')

    def live(self, sub, broker, tail):
        n, reps = self.mode['n'], self.mode['reps']
        t_spawn = time.monotonic()
        proc = sub.start(self.procs, broker.port)
        ready = self.wait_ready(sub, proc, broker, tail)
        self.say(f'  {sub.label}: ready {ready - t_spawn:.1f} s after start')
        self.live_run(sub, broker, tail, 'warm-up', 1, n)  # not counted: the live rows are about a warm process
        runs = {0: [], 1: []}  # (msg/s, lost, duplicates) per repetition
        for rep in range(1, reps + 1):
            for qos in (0, 1):
                runs[qos].append(self.live_run(sub, broker, tail, f'q{qos}-{rep}', qos, n))
        latencies = {rate: self.latency_run(sub, broker, tail, rate, secs)
                     for rate, secs in self.mode['latency'].items()}
        rss = peak_rss_mib(proc)
        self.procs.stop(proc)
        for qos, results in runs.items():
            rates, lost, dup = zip(*results)
            self.rows.append(report.Row(f'live QoS {qos}', sub.label, list(rates), sum(lost), sum(dup), rss=rss,
                                        runs=[(f'q{qos}-{rep}', n) for rep in range(1, reps + 1)]))
        for rate, (achieved, lat, lost, dup, count) in latencies.items():
            self.rows.append(report.Row(f'latency {rate:,}/s', sub.label, [achieved], lost, dup, latency=lat,
                                        rss=rss, runs=[(f'l{rate}', count)]))

    def drain(self, sub, broker, tail):
        results = [self.drain_run(sub, broker, tail, f'd-{rep}', self.mode['n'])
                   for rep in range(1, self.mode['reps'] + 1)]
        rates, startups, rss, lost, dup = zip(*results)
        self.rows.append(report.Row('drain QoS 1', sub.label, list(rates), sum(lost), sum(dup),
                                    startup=list(startups), rss=max((r for r in rss if r), default=None),
                                    runs=[(f'd-{rep}', self.mode['n']) for rep in range(1, self.mode['reps'] + 1)]))

    def wait_ready(self, sub, proc, broker, tail):
        """Publishes a probe reading every 0.2 s until one is in the file (probes carry no seq)."""
        deadline = time.monotonic() + READY_TIMEOUT
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                raise RuntimeError(f'{sub.label} exited with {proc.returncode} before taking a reading')
            probe = self.procs.start('probe', ['mosquitto_pub', '-h', '127.0.0.1', '-p', str(broker.port), '-q', '1',
                                               '-t', TOPIC, '-i', 'bench-probe', '-m', '{"probe":1,"temperature":0}'])
            probe.wait(10)
            self.procs.stop(probe)
            for _ in range(20):
                if b'"probe":' in tail.poll():
                    seen = time.monotonic()
                    time.sleep(0.3)  # let the other probes in flight land before counting starts
                    tail.poll()
                    return seen
                time.sleep(0.01)
        raise RuntimeError(f'{sub.label} took no probe reading in {READY_TIMEOUT} s')

    def live_run(self, sub, broker, tail, tag, qos, n):
        parts = payload_files(self.work, tag, n)
        mark = tail.mark()
        pub = Publisher(self.procs, broker.port, qos, parts)
        t0 = time.monotonic()
        pub.start()
        _, first, last = wait_for(tail, tag, n, t0 + 600, busy=pub.is_alive)
        pub.join(130)
        if pub.failed:
            self.loud(f'{sub.label} {tag}: {pub.failed}')
        lost, dup = check(tail, mark, tag, n)
        rate = (n - lost) / (last - t0) if last else 0.0
        self.report_run(sub, tag, n, rate, lost, dup, extra=f'(publisher {n / pub.seconds:,.0f}/s)'
                        if pub.seconds else '')
        for p in parts:
            p.unlink()
        return rate, lost, dup

    def latency_run(self, sub, broker, tail, rate, seconds):
        """Publishes at `rate`/s through one mosquitto_pub -l at QoS 1 and times each line to the file."""
        n = min(int(rate * seconds), PUB_PART)
        tag = f'l{rate}'
        mark = tail.mark()
        pub = self.procs.start('mosquitto_pub', pub_argv(broker.port, 1, 'bench-pub-latency'), stdin=subprocess.PIPE)
        # mosquitto_pub reads its input only once connected: wait for a probe to land before the clock starts
        pub.stdin.write(b'{"probe":2,"temperature":0}\n')
        pub.stdin.flush()
        for _ in range(1000):
            if b'"probe":2' in tail.poll():
                break
            time.sleep(0.01)
        latencies = []
        sent = rounds = 0
        t0 = time.monotonic()
        deadline = t0 + seconds + STALL
        while len(latencies) < n and time.monotonic() < deadline:
            now_us = time.monotonic_ns() // 1000
            due = min(n, int((now_us / 1e6 - t0) * rate) + 1)
            if due > sent:
                pub.stdin.write(''.join(f'{{"run":"{tag}","seq":{i},"t":{now_us},"temperature":1}}\n'
                                        for i in range(sent + 1, due + 1)).encode())
                pub.stdin.flush()
                if sent < n <= due:
                    sent_all = time.monotonic()
                sent = due
            for m in re.finditer(rb'"t":(\d+)', tail.poll()):
                latencies.append((time.monotonic_ns() // 1000 - int(m.group(1))) / 1000)
            rounds += 1
            time.sleep(LATENCY_TICK)
        self.poll_ms.append((time.monotonic() - t0) * 1000 / max(rounds, 1))
        pub.stdin.close()
        try:
            pub.wait(30)
        except subprocess.TimeoutExpired:
            pass
        self.procs.stop(pub)
        lost, dup = check(tail, mark, tag, n)
        achieved = n / (sent_all - t0) if sent >= n else 0.0
        lat = report.percentiles(latencies)
        self.report_run(sub, tag, n, achieved, lost, dup,
                        extra='latency ms p50 {:.1f} p99 {:.1f} max {:.1f}'.format(*lat) if lat else '')
        return achieved, lat, lost, dup, n

    def drain_run(self, sub, broker, tail, tag, n):
        """The subscriber is stopped; queue N readings for its session, then time its start and its catching up."""
        parts = payload_files(self.work, tag, n)
        pub = Publisher(self.procs, broker.port, 1, parts)
        pub.start()
        pub.join(600)
        if pub.failed:
            self.loud(f'{sub.label} {tag}: {pub.failed}')
        mark = tail.mark()
        t_spawn = time.monotonic()
        proc = sub.start(self.procs, broker.port)
        any_first, first, last = wait_for(tail, tag, n, t_spawn + 600)
        peak = peak_rss_mib(proc)
        self.procs.stop(proc)
        lost, dup = check(tail, mark, tag, n)
        rate = (n - lost) / (last - first) if first and last and last > first else 0.0
        startup = any_first - t_spawn if any_first else None
        self.report_run(sub, tag, n, rate, lost, dup,
                        extra=f'start-up {startup:.2f} s, all in {last - t_spawn:.2f} s' if first else '')
        for p in parts:
            p.unlink()
        return rate, startup, peak, lost, dup

    def report_run(self, sub, tag, n, rate, lost, dup, extra=''):
        self.say(f'  {sub.label:<22} {tag:<7} {rate:>10,.0f} msg/s  {extra}')
        if lost:
            self.loud(f'LOSS: {sub.label} run {tag}: {lost} of {n} readings missing ({rate:,.0f} msg/s)')
        if dup:
            self.say(f'  {sub.label} {tag}: {dup} duplicate line(s) (QoS 1 redelivery)')

    def run(self, subscribers, skipped):
        n = self.mode['n']
        load_before = os.getloadavg()[0]
        self.say(f'bench: mode {self.args.mode}, N = {n:,}, {self.mode["reps"]} repetition(s), work dir {self.work}')
        broker = Broker(self.procs, self.work)
        for qos in (0, 1):
            rates = [publish_alone(self.procs, broker, self.work, n, qos) for _ in range(self.mode['reps'])]
            self.say(f'  mosquitto_pub alone, QoS {qos}: {statistics.median(rates):,.0f} msg/s')
            self.rows.append(report.Row(f'live QoS {qos}', report.PUBLISHER, rates, None, None))
        broker.stop()
        for sub in subscribers:
            self.say(f'{sub.label}:')
            try:
                self.bench(sub)
            except RuntimeError as e:
                self.loud(f'{sub.label} not measured: {e}')
                self.unmeasured.append(sub.label)
            finally:
                self.procs.stop_all()
        for reason in skipped:
            self.notes.append(reason)
        if self.poll_ms:
            self.notes.append(f'latency resolution: the poller looked at the file every {min(self.poll_ms):.2f} to '
                              f'{max(self.poll_ms):.2f} ms on average (per run)')
        load = f'load average (1 min) {load_before:.1f} at the start, {os.getloadavg()[0]:.1f} at the end'
        self.notes.append(load + (' (other work shared the 2 cores: figures are noisy)'
                                  if max(load_before, os.getloadavg()[0]) > 1.5 else ''))
        table = report.write(self.rows, self.notes, Path(self.args.out), self.args.mode, self.mode)
        print()
        print(table)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--mode', choices=MODES, default='full')
    parser.add_argument('--jar', required=True)
    parser.add_argument('--node-red', help='red.js of an installed Node-RED 4.1.8')
    parser.add_argument('--node-red-skipped', help='why Node-RED is not in this run')
    parser.add_argument('--only', help='comma-separated subscriber keys: ref,seed,node-red,paho3,paho5,'
                        'paho3-json,bridge,bridge-mqtt5,bridge-never')
    parser.add_argument('--out', required=True, help='results path without extension')
    parser.add_argument('--pidfile', required=True)
    parser.add_argument('--keep', action='store_true', help='keep the work dir (files, logs)')
    parser.add_argument('--scenarios', default='live,drain', help='live,drain (default both)')
    parser.add_argument('--jfr', help='folder: the Java subscribers record a JFR profile of each start into it')
    args = parser.parse_args()
    signal.signal(signal.SIGTERM, lambda sig, frame: sys.exit(143))

    subscribers = [MosquittoSub('ref', report.REFERENCE), SeedPython('seed', 'Python paho (seed)')]
    skipped = []
    if args.node_red:
        subscribers.append(NodeRed('node-red', 'Node-RED 4.1.8', args.node_red))
    else:
        skipped.append(f'Node-RED skipped: {args.node_red_skipped or "not installed"}')
        print(skipped[-1])
    # the bare clients the bridge runs on, then the bridge: the default (MQTT 3.1.1, camel-paho) and the same on
    # MQTT 5 (camel-paho-mqtt5), a row each
    subscribers += [RawPaho('paho3', 'raw Paho mqttv3 client', args.jar, '3'),
                    RawPaho('paho5', 'raw Paho mqttv5 client', args.jar, '5'),
                    RawPaho('paho3-json', 'raw Paho mqttv3 + Jackson', args.jar, '3+json'),
                    SensorBridge('bridge', 'sensor-bridge fsync=batch', args.jar, 'batch'),
                    SensorBridge('bridge-mqtt5', 'sensor-bridge fsync=batch, MQTT 5', args.jar, 'batch', '5'),
                    SensorBridge('bridge-never', 'sensor-bridge fsync=never', args.jar, 'never')]
    if args.only:
        keys = args.only.split(',')
        subscribers = [s for s in subscribers if s.key in keys]
    if args.jfr:
        os.makedirs(args.jfr, exist_ok=True)
        for s in subscribers:
            s.jfr = args.jfr

    bench = Bench(args)
    try:
        bench.run(subscribers, skipped)
        if bench.unmeasured:
            sys.exit(3)
    finally:
        bench.procs.stop_all()
        if not args.keep:
            subprocess.run(['rm', '-rf', str(bench.work)])


if __name__ == '__main__':
    main()
