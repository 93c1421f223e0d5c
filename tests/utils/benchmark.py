# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudflare.cni developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""`make benchmark`: HTTP requests and wall time of an unchanged `cni` task, found by id and by name, for accounts
of 1, 100 and 1,000 CNIs, against the simulator with injected latency. Prints a Markdown table.

Usage: python tests/utils/benchmark.py [--latency-ms 50] [--page-size 50] [--sizes 1,100,1000]
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import argparse
import json
import os
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


def fixtures(count):
    slot = dict(id=str(uuid.uuid5(uuid.NAMESPACE_URL, 'bench-slot')), occupied=True, site='ams01', speed='10G',
                facility=dict(name='AMS', address=['Street 1', 'Amsterdam', 'NL']))
    interconnect = dict(type='direct', name='ic-bench', account=ACCOUNT, owner=ACCOUNT, slot_id=slot['id'],
                        site='ams01', speed='10G', facility=slot['facility'], status=dict(state='Healthy'))
    cnis = [dict(id=str(uuid.uuid5(uuid.NAMESPACE_URL, 'bench-cni-%d' % i)), account=ACCOUNT, interconnect='ic-bench',
                 p2p_ip='100.66.%d.%d/31' % (i // 128, i % 128 * 2), cust_ip='100.66.%d.%d/31' % (i // 128, i % 128 * 2 + 1),
                 magic=dict(conduit_name='link-%04d' % i, description='bench', mtu=1500),
                 bgp=dict(customer_asn=64600, extra_prefixes=['192.0.2.0/24']))
            for i in range(count)]
    return dict(slots=[slot], interconnects=[interconnect], cnis=cnis)


def run_task(base_url, task):
    play = [dict(hosts='localhost', gather_facts=False, tasks=[{'cloudflare.cni.cni': task}])]
    with tempfile.NamedTemporaryFile('w', suffix='.yml', delete=False) as handle:
        json.dump(play, handle)
    env = dict(os.environ, CLOUDFLARE_API_TOKEN=TOKEN, CLOUDFLARE_ACCOUNT_ID=ACCOUNT, CLOUDFLARE_BASE_URL=base_url,
               ANSIBLE_PYTHON_INTERPRETER=sys.executable, ANSIBLE_LOCALHOST_WARNING='0')
    started = time.time()
    completed = subprocess.run([os.path.join(BIN, 'ansible-playbook'), '-i', 'localhost,', '-c', 'local', handle.name],
                               env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, universal_newlines=True,
                               check=False)
    elapsed = time.time() - started
    os.unlink(handle.name)
    if completed.returncode != 0 or 'changed=0' not in completed.stdout:
        sys.exit('unexpected run:\n' + completed.stdout)
    return elapsed


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--latency-ms', type=int, default=50)
    parser.add_argument('--page-size', type=int, default=50)
    parser.add_argument('--sizes', default='1,100,1000')
    args = parser.parse_args()
    process = subprocess.Popen([sys.executable, os.path.join(ROOT, 'simulator', 'cni_simulator.py'), '--port', '0',
                                '--token', TOKEN, '--latency-ms', str(args.latency_ms), '--page-size',
                                str(args.page_size)], stdout=subprocess.PIPE, universal_newlines=True)
    control = process.stdout.readline().strip().rsplit(' ', 1)[-1]
    base_url = control + '/client/v4'
    print('simulator: latency %d ms per request, server page cap %d' % (args.latency_ms, args.page_size))
    print('| CNIs | found by | requests | wall time (s) |')
    print('| ---: | --- | ---: | ---: |')
    try:
        for count in [int(n) for n in args.sizes.split(',')]:
            doc = fixtures(count)
            last = doc['cnis'][-1]
            for label, task in (('id', dict(id=last['id'], magic=dict(mtu=1500))),
                                ('conduit_name', dict(magic=dict(conduit_name=last['magic']['conduit_name'], mtu=1500)))):
                requests.post(control + '/__sim__/reset', json=doc, timeout=30).raise_for_status()
                elapsed = run_task(base_url, task)
                log = requests.get(control + '/__sim__/requests', timeout=30).json()['requests']
                print('| %d | %s | %d | %.2f |' % (count, label, len(log), elapsed))
                sys.stdout.flush()
    finally:
        process.terminate()
        process.wait(timeout=10)


if __name__ == '__main__':
    main()
