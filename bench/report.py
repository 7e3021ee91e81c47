"""The bench's table (Markdown, also printed) and chart (hand-made SVG, one panel of bars per scenario)."""
import datetime
import platform
import statistics
import subprocess
from dataclasses import dataclass, field
from html import escape
from pathlib import Path

REFERENCE = 'mosquitto_sub'
PUBLISHER = 'mosquitto_pub alone (no subscriber)'
SCENARIOS = ['live QoS 0', 'live QoS 1', 'latency 1,000/s', 'latency 10,000/s', 'drain QoS 1']
COLOURS = {PUBLISHER: '#9e9e9e', REFERENCE: '#4c78a8', 'Python paho (seed)': '#f58518',
           'Node-RED 4.1.8': '#e45756', 'sensor-bridge fsync=batch': '#54a24b', 'sensor-bridge fsync=never': '#b279a2'}


@dataclass
class Row:
    scenario: str
    subscriber: str
    rates: list  # msg/s of each repetition
    lost: int | None  # readings missing, all repetitions together (None: nothing to lose)
    dup: int | None
    latency: tuple | None = None  # (p50, p99, max) ms
    startup: list = field(default_factory=list)  # s, process start -> first line, per repetition
    rss: float | None = None  # MiB
    runs: list = field(default_factory=list)  # (run tag, readings published) behind this row


def percentiles(values):
    if not values:
        return None
    v = sorted(values)
    return v[len(v) // 2], v[min(len(v) - 1, int(len(v) * 0.99))], v[-1]


def k(x):
    return f'{x / 1000:.1f}k' if round(x) >= 1000 else f'{x:.0f}'


def spread(values, fmt):
    values = [v for v in values if v is not None]
    if not values:
        return '-'
    if len(values) == 1:
        return fmt(values[0])
    return ' / '.join(fmt(v) for v in (min(values), statistics.median(values), max(values)))


def ratio(row, rows):
    ref = next((r for r in rows if r.scenario == row.scenario and r.subscriber == REFERENCE), None)
    if row is ref:
        return '1'
    if ref is None:
        return '-'
    if row.latency and ref.latency and ref.latency[1] > 0:
        return f'{row.latency[1] / ref.latency[1]:.1f}x p99'
    mine, theirs = statistics.median(row.rates or [0]), statistics.median(ref.rates or [0])
    return f'{mine / theirs:.2f}x' if theirs else '-'


def lost_cell(row):
    if row.lost is None:
        return '-'
    cell = f'**{row.lost:,} LOST**' if row.lost else '0'
    return cell + (f' ({row.dup:,} dup)' if row.dup else '')


def table(rows):
    out = ['| scenario | subscriber | msg/s min / median / max | lost (duplicates) | latency p50 / p99 / max ms '
           '| start-up s | peak RSS MiB | vs mosquitto_sub |',
           '|---|---|---|---|---|---|---|---|']
    for scenario in SCENARIOS:
        for row in (r for r in rows if r.scenario == scenario):
            lat = ' / '.join(f'{x:.1f}' for x in row.latency) if row.latency else '-'
            out.append(f'| {row.scenario} | {row.subscriber} | {spread(row.rates, k)} | {lost_cell(row)} | {lat} '
                       f'| {spread(row.startup, lambda s: f"{s:.2f}")} '
                       f'| {f"{row.rss:.0f}" if row.rss else "-"} | {ratio(row, rows)} |')
    return '\n'.join(out)


def machine():
    cpu = next((line.split(':', 1)[1].strip() for line in Path('/proc/cpuinfo').read_text().splitlines()
                if line.startswith('model name')), platform.machine())
    java = subprocess.run(['java', '-version'], capture_output=True, text=True).stderr.splitlines()[0]
    cores = len(list(Path('/sys/devices/system/cpu').glob('cpu[0-9]*')))
    return f'{cores} x {cpu}; {java}; Mosquitto {mosquitto_version()}; Python {platform.python_version()}'


def mosquitto_version():
    out = subprocess.run(['mosquitto', '-h'], capture_output=True, text=True).stdout.split()
    return out[2] if len(out) > 2 else '?'


def write(rows, notes, out, mode_name, mode):
    when = datetime.datetime.now(datetime.timezone.utc).strftime('%Y-%m-%d %H:%M UTC')
    text = table(rows)
    md = [f'# sensor-bridge bench, {when}', '',
          f'`bench/run{"" if mode_name == "full" else " --" + mode_name}`: N = {mode["n"]:,} readings per '
          f'throughput run, {mode["reps"]} repetition(s); latency runs of '
          + ', '.join(f'{s:g} s at {r:,}/s' for r, s in mode['latency'].items())
          + f'. Machine: {machine()}.', '', text, '']
    if notes:
        md += ['Notes:', ''] + [f'- {n}' for n in notes] + ['']
    md += [f'Chart: [{out.name}.svg]({out.name}.svg)', '']
    out.parent.mkdir(parents=True, exist_ok=True)
    Path(f'{out}.md').write_text('\n'.join(md))
    Path(f'{out}.svg').write_text(svg(rows, f'sensor-bridge bench, {when} ({mode_name})'))
    return text


def svg(rows, title):
    """One panel per scenario: a bar per subscriber (median, with a min-max whisker), the value written beside it."""
    def spread_of(values):
        return (statistics.median(values), min(values), max(values)) if values and None not in values else None

    panels = [(f'{s}: msg/s (median, whisker min-max)', s, 'msg/s', lambda r: spread_of(r.rates))
              for s in ('live QoS 0', 'live QoS 1', 'drain QoS 1')]
    panels += [(f'{s}: p99 latency publish -> line in file, ms (lower is better)', s, 'ms',
                lambda r: (r.latency[1],) * 3 if r.latency else None) for s in ('latency 1,000/s', 'latency 10,000/s')]
    panels += [('start-up with a backlog waiting: process start -> first line, s (lower is better)', 'drain QoS 1',
                's', lambda r: spread_of(r.startup)),
               ('peak RSS while live, MiB (lower is better)', 'live QoS 1', 'MiB',
                lambda r: (r.rss,) * 3 if r.rss else None)]
    width, label_w, bar_w, line_h = 960, 230, 560, 22
    parts, y = [], 40
    parts.append(f'<text x="10" y="24" font-size="16" font-weight="bold">{escape(title)}</text>')
    for heading, scenario, unit, value in panels:
        bars = [(r.subscriber, value(r), r) for r in rows if r.scenario == scenario and value(r)]
        if not bars:
            continue
        top = max(v[2] for _, v, _ in bars) or 1
        parts.append(f'<text x="10" y="{y + 16}" font-size="13" font-weight="bold">{escape(heading)}</text>')
        y += 24
        for name, (mid, lo, hi), row in bars:
            w = bar_w * mid / top
            colour = COLOURS.get(name, '#777')
            parts.append(f'<text x="{label_w - 8}" y="{y + 15}" font-size="12" text-anchor="end">{escape(name)}</text>')
            parts.append(f'<rect x="{label_w}" y="{y + 3}" width="{w:.1f}" height="{line_h - 6}" fill="{colour}"/>')
            if hi > lo:
                x1, x2, yc = label_w + bar_w * lo / top, label_w + bar_w * hi / top, y + line_h / 2
                parts.append(f'<line x1="{x1:.1f}" y1="{yc}" x2="{x2:.1f}" y2="{yc}" stroke="black"/>'
                             f'<line x1="{x1:.1f}" y1="{yc - 5}" x2="{x1:.1f}" y2="{yc + 5}" stroke="black"/>'
                             f'<line x1="{x2:.1f}" y1="{yc - 5}" x2="{x2:.1f}" y2="{yc + 5}" stroke="black"/>')
            text = k(mid) if unit == 'msg/s' else f'{mid:.2f} {unit}' if mid < 10 else f'{mid:.0f} {unit}'
            style = ''
            if row.lost:
                text += f'  ({row.lost:,} LOST)'
                style = ' fill="#c00" font-weight="bold"'
            parts.append(f'<text x="{label_w + max(w, bar_w * hi / top) + 6:.1f}" y="{y + 15}" font-size="12"'
                         f'{style}>{escape(text)}</text>')
            y += line_h
        y += 14
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{y + 10}" '
            f'font-family="DejaVu Sans, Arial, sans-serif">\n<rect width="100%" height="100%" fill="white"/>\n'
            + '\n'.join(parts) + '\n</svg>\n')
