# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudflare.cni developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The fault campaign: the sample estate converged through `cloudflare.cni.site` against a simulator that fails 30 %
of the requests (429, 500, 502, 503; a fixed seed each), then converged again without faults. Whatever the first run
did, the account ends with every declared object exactly once: no duplicate, nothing lost."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import collections
import concurrent.futures
import json
import os
import re
import subprocess

import yaml

from harness import BIN, HERE, ansible_env, start_simulator, stop_simulator
from test_playbooks import DEMO_FIXTURES, SAMPLE

SEEDS = range(1, 11)
PARALLEL = 4


def declared():
    with open(SAMPLE) as handle:
        return yaml.safe_load(handle)['estate_spec']


def is_declared(interconnect, record):
    if interconnect['type'] == 'direct':
        return record['type'] == 'direct' and record.get('slot_id') == interconnect['slot_id']
    return record['type'] == 'gcp_partner' and record.get('pairing_key') == interconnect['pairing_key']


def problems(state, estate, fixtures):
    """What differs between the simulator's state and the estate (plus the fixtures' own objects)."""
    found = []
    records = state['interconnects']
    names = {}
    for interconnect in estate['interconnects']:
        matches = [r for r in records if is_declared(interconnect, r)]
        if len(matches) != 1:
            found.append('%s: %d interconnects' % (interconnect['label'], len(matches)))
        else:
            names[interconnect['label']] = matches[0]['name']
    if len(records) != len(estate['interconnects']) + len(fixtures.get('interconnects', [])):
        found.append('%d interconnects in all: %s' % (len(records), sorted(r['name'] for r in records)))
    conduits = collections.Counter(c['magic']['conduit_name'] for c in state['cnis'])
    for interconnect in estate['interconnects']:
        for cni in interconnect.get('cnis', []):
            name = cni['magic']['conduit_name']
            on = [c['interconnect'] for c in state['cnis'] if c['magic']['conduit_name'] == name]
            if conduits[name] != 1 or on != [names.get(interconnect['label'])]:
                found.append('CNI %s: %d, on %s' % (name, conduits[name], on))
    declared_cnis = sum(len(i.get('cnis', [])) for i in estate['interconnects'])
    if len(state['cnis']) != declared_cnis + len(fixtures.get('cnis', [])):
        found.append('%d CNIs in all' % len(state['cnis']))
    return found


def converge(sim, cwd):
    """`ansible-playbook cloudflare.cni.site` on the sample estate, as in test_playbooks (pipelined: fewer processes
    per task, the same modules)."""
    env = ansible_env(sim, ANSIBLE_STDOUT_CALLBACK='test_json', ANSIBLE_PIPELINING='1', PWD=str(cwd),
                      ANSIBLE_CALLBACK_PLUGINS=os.path.join(HERE, 'callback_plugins'))
    return subprocess.run([os.path.join(BIN, 'ansible-playbook'), '-i', 'localhost,', 'cloudflare.cni.site', '-e',
                           'estate_vars_file=%s' % SAMPLE], cwd=str(cwd), env=env, stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT, universal_newlines=True, timeout=600, check=False)


def campaign(seed, cwd, fixtures):
    """One seed on a simulator of its own, started as users start it: --fault-rate 0.3 --seed N."""
    sim = start_simulator('--fixtures', DEMO_FIXTURES, '--fault-rate', '0.3', '--seed', str(seed),
                          '--faults', '429,500,502,503', '--retry-after', '0', '--healthy-after', '0')
    try:
        faulted = converge(sim, cwd)
        injected = len([r for r in sim.requests() if r['fault']])
        sim.configure(fault_rate=0)
        after_faults = problems(sim.state(), declared(), fixtures)
        clean = converge(sim, cwd)
        return dict(seed=seed, injected=injected, faulted_rc=faulted.returncode, clean_rc=clean.returncode,
                    duplicates=[p for p in after_faults if re.search(r': [2-9]', p)],
                    problems=problems(sim.state(), declared(), fixtures),
                    tracebacks='Traceback' in faulted.stdout + clean.stdout, clean_tail=clean.stdout[-2000:])
    finally:
        stop_simulator(sim)


def test_runs_under_30_percent_faults_then_a_clean_run_leave_no_duplicate_and_lose_nothing(tmp_path):
    with open(DEMO_FIXTURES) as handle:
        fixtures = json.load(handle)
    # Seeds run side by side, each against its own simulator, so that ten fit in a couple of minutes.
    with concurrent.futures.ThreadPoolExecutor(max_workers=PARALLEL) as pool:
        futures = []
        for seed in SEEDS:
            cwd = tmp_path / ('seed-%d' % seed)
            cwd.mkdir()
            futures.append(pool.submit(campaign, seed, cwd, fixtures))
        outcomes = [future.result() for future in futures]
    for outcome in outcomes:
        assert outcome['injected'], 'seed %(seed)d injected no fault: it proves nothing' % outcome
        assert outcome['duplicates'] == [], 'seed %(seed)d, after the faulted run: %(duplicates)s' % outcome
        assert outcome['clean_rc'] == 0, 'seed %(seed)d, the clean run failed:\n%(clean_tail)s' % outcome
        assert outcome['problems'] == [], 'seed %(seed)d: %(problems)s' % outcome
        assert not outcome['tracebacks'], 'seed %(seed)d printed a traceback' % outcome
