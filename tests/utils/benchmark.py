# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudflare.cni developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""`make benchmark`: HTTP requests and wall time of `ansible-playbook cloudflare.cni.site` for estates of 10, 100,
300 and 1,000 CNIs on 10 direct interconnects, against the simulator with injected latency and a server page cap:
the converged re-run (nothing to change) and the first creation of the CNIs (interconnects already Healthy).
Prints a Markdown table with the floor of each run: the fewest requests the run could send (settings, one page of
interconnects, the 10 LOAs, the pages of CNIs, and a POST per created CNI), and their time at the latency (the
POSTs four at a time, as the role sends them) plus the start-up of an empty playbook. Then checks the targets of the role's design (see README.md, "Measured").

Usage: python tests/utils/benchmark.py [--latency-ms 50] [--page-size 50] [--sizes 10,100,300,1000]
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import argparse
import json
import math
import os
import shutil
import subprocess
import sys
import tempfile
import time
import uuid

import requests

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BIN = os.path.dirname(sys.executable)
TOKEN = 'bench-token'
ACCOUNT = 'bench000000000000000000000000001'
INTERCONNECTS = 10
DEFAULT_ASN = 64512


def estate(count):
    """The simulator's fixtures (10 Healthy direct interconnects, optionally with their CNIs) and the estate_spec
    that declares them with `count` CNIs spread over the interconnects."""
    slots, interconnects, entries = [], [], []
    for index in range(INTERCONNECTS):
        slot = dict(id=str(uuid.uuid5(uuid.NAMESPACE_URL, 'bench-slot-%d' % index)), occupied=True, site='ams01',
                    speed='10G', facility=dict(name='AMS', address=['Street %d' % index, 'Amsterdam', 'NL']))
        name = 'ic-bench-%02d' % index
        slots.append(slot)
        interconnects.append(dict(type='direct', name=name, account=ACCOUNT, owner=ACCOUNT, slot_id=slot['id'],
                                  site='ams01', speed='10G', facility=slot['facility'], status=dict(state='Healthy')))
        entries.append(dict(name=name, type='direct', slot_id=slot['id'], cnis=[]))
    cnis = []
    for index in range(count):
        interconnect = index % INTERCONNECTS
        magic = dict(conduit_name='link-%04d' % index, description='bench', mtu=1500)
        bgp = dict(customer_asn=64600, extra_prefixes=['192.0.2.0/24'])
        entries[interconnect]['cnis'].append(dict(magic=magic, bgp=bgp))
        cnis.append(dict(id=str(uuid.uuid5(uuid.NAMESPACE_URL, 'bench-cni-%d' % index)), account=ACCOUNT,
                         interconnect=interconnects[interconnect]['name'],
                         p2p_ip='100.66.%d.%d/31' % (index // 128, index % 128 * 2),
                         cust_ip='100.66.%d.%d/31' % (index // 128, index % 128 * 2 + 1), magic=magic, bgp=bgp))
    fixtures = dict(settings=dict(default_asn=DEFAULT_ASN), slots=slots, interconnects=interconnects)
    return fixtures, cnis, dict(estate_spec=dict(settings=dict(default_asn=DEFAULT_ASN), interconnects=entries))


class Bench(object):
    def __init__(self, latency_ms, page_size):
        self.process = subprocess.Popen(
            [sys.executable, os.path.join(ROOT, 'simulator', 'cni_simulator.py'), '--port', '0', '--token', TOKEN,
             '--latency-ms', str(latency_ms), '--page-size', str(page_size)],
            stdout=subprocess.PIPE, universal_newlines=True)
        self.control = self.process.stdout.readline().strip().rsplit(' ', 1)[-1]
        self.base_url = self.control + '/client/v4'
        self.work = tempfile.mkdtemp(prefix='cni-bench-')

    def sim(self, method, path, body=None):
        response = requests.request(method, self.control + '/__sim__/' + path, json=body, timeout=60)
        response.raise_for_status()
        return response.json() if response.content else None

    def playbook(self, args):
        env = dict(os.environ, CLOUDFLARE_API_TOKEN=TOKEN, CLOUDFLARE_ACCOUNT_ID=ACCOUNT,
                   CLOUDFLARE_BASE_URL=self.base_url, ANSIBLE_PYTHON_INTERPRETER=sys.executable,
                   ANSIBLE_LOCALHOST_WARNING='0', ANSIBLE_INVENTORY_UNPARSED_WARNING='0', ANSIBLE_NOCOLOR='1',
                   PWD=self.work)
        started = time.monotonic()
        completed = subprocess.run([os.path.join(BIN, 'ansible-playbook'), '-i', 'localhost,'] + args, env=env,
                                   cwd=self.work, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                   universal_newlines=True, check=False)
        return completed, time.monotonic() - started

    def startup(self):
        """Wall time of an empty playbook (the best of three)."""
        path = os.path.join(self.work, 'empty.yml')
        with open(path, 'w') as handle:
            json.dump([dict(hosts='localhost', gather_facts=False, connection='local', tasks=[])], handle)
        return min(self.playbook([path])[1] for attempt in range(3))

    def site(self, count, converged):
        fixtures, cnis, spec = estate(count)
        if converged:
            fixtures = dict(fixtures, cnis=cnis)
        self.sim('POST', 'reset', fixtures)
        path = os.path.join(self.work, 'estate.json')
        with open(path, 'w') as handle:
            json.dump(spec, handle)
        if converged:  # the LOAs are on disk already: a re-run only compares them
            self.playbook(['cloudflare.cni.site', '-e', 'estate_vars_file=%s' % path, '--tags', 'loa'])
        self.sim('DELETE', 'requests')
        completed, elapsed = self.playbook(['cloudflare.cni.site', '-e', 'estate_vars_file=%s' % path])
        log = self.sim('GET', 'requests')['requests']
        state = self.sim('GET', 'state/%s' % ACCOUNT)
        if completed.returncode != 0 or len(state['cnis']) != count or (converged and 'changed=0' not in completed.stdout):
            sys.exit('unexpected run (%d CNIs, converged=%s):\n%s' % (count, converged, completed.stdout[-5000:]))
        return log, elapsed

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=10)
        shutil.rmtree(self.work, ignore_errors=True)


PARALLEL = 4  # the role's estate_cni_parallel


def floor(count, page_size, converged):
    """(fewest requests, fewest requests in a row) of a run."""
    reads = 1 + 1 + INTERCONNECTS + max(1, int(math.ceil(count / float(page_size))))
    if converged:
        return reads, reads
    return reads + count, reads + int(math.ceil(count / float(PARALLEL)))


def busiest_window(log, seconds=300):
    times = sorted(entry['at'] for entry in log)
    best, start = 0, 0
    for end, moment in enumerate(times):
        while moment - times[start] > seconds:
            start += 1
        best = max(best, end - start + 1)
    return best


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--latency-ms', type=int, default=50)
    parser.add_argument('--page-size', type=int, default=50)
    parser.add_argument('--sizes', default='10,100,300,1000')
    args = parser.parse_args()
    bench = Bench(args.latency_ms, args.page_size)
    rows = {}
    try:
        startup = bench.startup()
        print('simulator: latency %d ms per request, server page cap %d; %d direct interconnects; an empty playbook '
              'starts in %.1f s' % (args.latency_ms, args.page_size, INTERCONNECTS, startup))
        print()
        print('| CNIs | run | requests | writes | wall time (s) | floor: requests | floor: wall time (s) |')
        print('| ---: | --- | ---: | ---: | ---: | ---: | ---: |')
        sys.stdout.flush()
        for count in [int(n) for n in args.sizes.split(',')]:
            for converged in (True, False):
                log, elapsed = bench.site(count, converged)
                least, in_a_row = floor(count, args.page_size, converged)
                writes = sum(1 for entry in log if entry['method'] != 'GET')
                rows[(count, converged)] = (len(log), elapsed, busiest_window(log))
                print('| %d | %s | %d | %d | %.1f | %d | %.1f |' % (
                    count, 'converged re-run' if converged else 'first creation', len(log), writes, elapsed, least,
                    in_a_row * args.latency_ms / 1000.0 + startup))
                sys.stdout.flush()
    finally:
        bench.stop()
    print()
    checks = []
    if (300, True) in rows and (10, True) in rows:
        checks.append(('converged re-run of 300 CNIs: at most 60 requests', rows[(300, True)][0] <= 60))
        checks.append(('converged re-run of 300 CNIs: at most 1.5x the wall time of 10 CNIs',
                       rows[(300, True)][1] <= 1.5 * rows[(10, True)][1]))
    if (1000, False) in rows:
        checks.append(('creating 1,000 CNIs: at most 1,100 requests', rows[(1000, False)][0] <= 1100))
        checks.append(('creating 1,000 CNIs: at most 1,200 requests in any 5 minutes', rows[(1000, False)][2] <= 1200))
        checks.append(('creating 1,000 CNIs: at most 60 s', rows[(1000, False)][1] <= 60))
    for label, ok in checks:
        print('%s %s' % ('PASS' if ok else 'FAIL', label))


if __name__ == '__main__':
    main()
