"""One bridge against two in a share group (bridge.share-group), draining the same backlog from one Mosquitto.

    /usr/bin/python3 bench/share_group.py [--n 100000] [--reps 3]      (after mvn package; about 2 minutes)

For 1 and then 2 members (bin/sensor-bridge, client ids share-1, share-2, group "bench"), in turns, per repetition:
start the members once so the broker holds their sessions, stop them (SIGTERM), queue N QoS 1 readings for the group
(Mosquitto splits them between the members' sessions as they arrive, online or not), start every member at once and
time process start -> the N-th distinct reading on disk. Prints msg/s per member count and the ratio 2 : 1. Loopback
only; every process is ended when it ends (bench/run's pidfile convention is not needed: nothing outlives a run).
"""
import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

from bench import Publisher, Tail, check, payload_files, wait_for
from subscribers import BENCH, TOPIC, Broker, Processes, free_port

GROUP = 'bench'
READY_TIMEOUT = 60


def member_env(work, port, client_id):
    return dict(os.environ, BROKER_EMBEDDED_ENABLED='false', SIMULATOR_ENABLED='false', MQTT_BROKER_URL=f'tcp://127.0.0.1:{port}',
                BRIDGE_TOPIC=TOPIC, BRIDGE_SHARE_GROUP=GROUP, MQTT_CLIENT_ID=client_id,
                BRIDGE_OUTPUT_DIR=str(work / 'readings'), BRIDGE_DEADLETTER_DIR=str(work / 'dead-letter'),
                HTTP_PORT=str(free_port()))


def member(procs, work, port, i):
    """bin/sensor-bridge as member share-<i>, appending to its log."""
    return procs.start(f'share-{i}', [str(BENCH.parent / 'bin' / 'sensor-bridge')], log=work / f'share-{i}.log',
                       env=member_env(work, port, f'share-{i}'), cwd=work)


def start_members(procs, work, port, members):
    started = [(member(procs, work, port, i), work / f'share-{i}.log') for i in range(1, members + 1)]
    deadline = time.monotonic() + READY_TIMEOUT
    for proc, log in started:
        while f'Subscribed to $share/{GROUP}/{TOPIC}' not in log.read_text(errors='replace'):
            if time.monotonic() > deadline or proc.poll() is not None:
                sys.exit(f'share_group: a member did not subscribe; see {log}')
            time.sleep(0.05)
    return [proc for proc, _ in started]


def drain(procs, root, members, rep, n):
    work = root / f'{members}-{rep}'
    work.mkdir()
    broker = Broker(procs, work)
    try:
        # sessions first: the broker then queues the backlog for the group's members while they are away
        for proc in start_members(procs, work, broker.port, members):
            procs.stop(proc)
        tag = f'd{members}-{rep}'
        parts = payload_files(work, tag, n)
        pub = Publisher(procs, broker.port, 1, parts)
        pub.start()
        pub.join(600)
        if pub.failed:
            sys.exit(f'share_group: {pub.failed}')
        tail = Tail(work / 'readings')
        mark = tail.mark()
        t0 = time.monotonic()
        running = [member(procs, work, broker.port, i) for i in range(1, members + 1)]
        _, first, last = wait_for(tail, tag, n, t0 + 600)
        for proc in running:
            procs.stop(proc)
        lost, dup = check(tail, mark, tag, n)
        shares = [sum(f.read_bytes().count(tag.encode()) for f in (work / 'readings' / f'member=share-{i}').rglob(
            '*.jsonl')) for i in range(1, members + 1)]
        rate = (n - lost) / (last - t0) if last else 0.0
        print(f'  {members} member(s), rep {rep}: {rate:,.0f} msg/s (process start -> last line {last - t0:.2f} s),'
              f' lost {lost}, duplicates {dup}, shares {shares}', flush=True)
        return rate
    finally:
        broker.stop()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--n', type=int, default=100_000)
    parser.add_argument('--reps', type=int, default=3)
    args = parser.parse_args()
    if not (BENCH.parent / 'target' / 'sensor-bridge.jar').exists():
        sys.exit('share_group: target/sensor-bridge.jar is missing (mvn package)')
    procs = Processes(Path(tempfile.mktemp(prefix='share-group-pids-')))
    rates = {1: [], 2: []}
    try:
        with tempfile.TemporaryDirectory(prefix='sensor-bridge-share-') as root:
            for rep in range(1, args.reps + 1):
                for members in (1, 2):
                    rates[members].append(drain(procs, Path(root), members, rep, args.n))
    finally:
        procs.stop_all()
    one, two = statistics.median(rates[1]), statistics.median(rates[2])
    print(f'drain of {args.n:,} queued QoS 1 readings, median of {args.reps}: 1 member {one:,.0f} msg/s,'
          f' 2 members {two:,.0f} msg/s: {two / one:.2f}x')


if __name__ == '__main__':
    main()
