# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudflare.cni developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Measurements of cloudflare.cni.cnis (printed, never asserted):

  memory: peak resident memory of one cnis module process (run as Ansible runs it, args in a JSON file) that reads
          and plans an account of N CNIs (default 10,000) against a configuration listing all of them: a converged
          run, the largest plan. The simulator runs in this process; the module is the only child process, so
          getrusage(RUSAGE_CHILDREN).ru_maxrss is its peak.
  create: wall time and requests of `ansible-playbook` with one cnis task creating N CNIs (default 1,000) on 10
          interconnects, against `simulator/cni_simulator.py --latency-ms 50 --page-size 50` in its own process, at
          a given `parallel`.

Usage: python tests/utils/cnis_measure.py memory [--count 10000]
       python tests/utils/cnis_measure.py create [--count 1000] [--latency-ms 50] [--parallel 4] [--page-size 50]
Run `make install` first: the installed collection is measured.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import uuid

import requests

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
COLLECTIONS = os.environ.get('ANSIBLE_COLLECTIONS_PATH') or os.path.join(ROOT, '.build', 'collections')
BIN = os.path.dirname(sys.executable)
TOKEN = 'measure-token'
ACCOUNT = 'measure00000000000000000000000001'
sys.path.insert(0, os.path.join(ROOT, 'simulator'))

from cni_simulator import Simulator  # noqa: E402 pylint: disable=wrong-import-position


def estate(count, interconnects=10, with_cnis=True):
    slots, ics = [], []
    for index in range(interconnects):
        slot = dict(id=str(uuid.uuid5(uuid.NAMESPACE_URL, 'measure-slot-%d' % index)), occupied=True, site='ams01',
                    speed='10G', facility=dict(name='AMS', address=['Street %d' % index, 'Amsterdam', 'NL']))
        slots.append(slot)
        ics.append(dict(type='direct', name='ic-%02d' % index, slot_id=slot['id'], site='ams01', speed='10G',
                        facility=slot['facility'], status=dict(state='Healthy')))
    cnis = []
    config = []
    for index in range(count):
        magic = dict(conduit_name='link-%05d' % index, description='link %d' % index, mtu=1500)
        bgp = dict(customer_asn=64600 + index % 100, extra_prefixes=['192.0.%d.0/24' % (index % 250)])
        interconnect = 'ic-%02d' % (index % interconnects)
        config.append(dict(interconnect=interconnect, magic=magic, bgp=bgp))
        if with_cnis:
            cnis.append(dict(id=str(uuid.uuid5(uuid.NAMESPACE_URL, 'measure-cni-%d' % index)), interconnect=interconnect,
                             p2p_ip='100.%d.%d.%d/31' % (64 + index // 32768, index // 128 % 256, index % 128 * 2),
                             cust_ip='100.%d.%d.%d/31' % (64 + index // 32768, index // 128 % 256, index % 128 * 2 + 1),
                             magic=magic, bgp=bgp))
    return dict(slots=slots, interconnects=ics, cnis=cnis), config


def memory(args):
    fixtures, config = estate(args.count)
    with Simulator(tokens=[TOKEN], fixtures=fixtures, page_size=1000) as sim:
        module_args = dict(ANSIBLE_MODULE_ARGS=dict(config=config, state='overridden', api_token=TOKEN,
                                                    account_id=ACCOUNT, base_url=sim.url))
        with tempfile.NamedTemporaryFile('w', suffix='.json', delete=False) as handle:
            json.dump(module_args, handle)
        module = os.path.join(COLLECTIONS, 'ansible_collections', 'cloudflare', 'cni', 'plugins', 'modules', 'cnis.py')
        env = dict(os.environ, PYTHONPATH=COLLECTIONS)
        started = time.time()
        completed = subprocess.run([sys.executable, module, handle.name], env=env, stdout=subprocess.PIPE,
                                   stderr=subprocess.PIPE, universal_newlines=True, check=False)
        elapsed = time.time() - started
        os.unlink(handle.name)
    result = json.loads(completed.stdout)
    if result.get('failed') or result.get('changed'):
        sys.exit('unexpected result: %s' % result.get('msg'))
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024.0
    print('cnis, %d CNIs, converged overridden run: peak RSS of the module process %.1f MB, %.1f s, %d actions'
          % (args.count, peak, elapsed, len(result['actions'])))


def create(args):
    """The simulator runs as users start it (python3 simulator/cni_simulator.py --latency-ms ...), in its own process."""
    fixtures, config = estate(args.count, with_cnis=False)
    folder = tempfile.mkdtemp()
    paths = dict((name, os.path.join(folder, name)) for name in ('fixtures.json', 'config.json', 'play.yml', 'url'))
    with open(paths['fixtures.json'], 'w') as handle:
        json.dump(fixtures, handle)
    with open(paths['config.json'], 'w') as handle:
        json.dump(dict(config=config), handle)
    with open(paths['play.yml'], 'w') as handle:
        json.dump([dict(hosts='localhost', gather_facts=False, vars_files=[paths['config.json']],
                        tasks=[{'cloudflare.cni.cnis': dict(config='{{ config }}', parallel=args.parallel)}])], handle)
    server = subprocess.Popen([sys.executable, os.path.join(ROOT, 'simulator', 'cni_simulator.py'), '--token', TOKEN,
                               '--fixtures', paths['fixtures.json'], '--latency-ms', str(args.latency_ms),
                               '--page-size', str(args.page_size), '--ready-file', paths['url']],
                              stdout=subprocess.DEVNULL)
    try:
        while not os.path.exists(paths['url']) or not os.path.getsize(paths['url']):
            time.sleep(0.1)
        with open(paths['url']) as handle:
            url = handle.read()
        env = dict(os.environ, CLOUDFLARE_API_TOKEN=TOKEN, CLOUDFLARE_ACCOUNT_ID=ACCOUNT, CLOUDFLARE_BASE_URL=url,
                   ANSIBLE_COLLECTIONS_PATH=COLLECTIONS, ANSIBLE_PYTHON_INTERPRETER=sys.executable,
                   ANSIBLE_LOCALHOST_WARNING='0')
        started = time.time()
        completed = subprocess.run([os.path.join(BIN, 'ansible-playbook'), '-i', 'localhost,', '-c', 'local',
                                    paths['play.yml']], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                   universal_newlines=True, check=False)
        elapsed = time.time() - started
        control = url.rsplit('/client/v4', 1)[0] + '/__sim__/'
        log = requests.get(control + 'requests', timeout=30).json()['requests']
        created = requests.get(control + 'state/' + ACCOUNT, timeout=30).json()['cnis']
    finally:
        server.terminate()
        server.wait()
        shutil.rmtree(folder)
    if completed.returncode != 0:
        sys.exit('the run failed:\n' + completed.stdout[-3000:])
    print('cnis, create %d CNIs on 10 interconnects, latency %d ms, page cap %d, parallel %d: %.1f s wall time, '
          '%d requests (%d POST), %d CNIs in the account; floor %d x %d ms / %d = %.1f s plus start-up'
          % (args.count, args.latency_ms, args.page_size, args.parallel, elapsed, len(log),
             len([r for r in log if r['method'] == 'POST']), len(created), args.count, args.latency_ms,
             args.parallel, args.count * args.latency_ms / 1000.0 / args.parallel))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest='what', required=True)
    mem = sub.add_parser('memory')
    mem.add_argument('--count', type=int, default=10000)
    make = sub.add_parser('create')
    make.add_argument('--count', type=int, default=1000)
    make.add_argument('--latency-ms', type=int, default=50)
    make.add_argument('--parallel', type=int, default=4)
    make.add_argument('--page-size', type=int, default=50)
    args = parser.parse_args()
    dict(memory=memory, create=create)[args.what](args)


if __name__ == '__main__':
    main()
