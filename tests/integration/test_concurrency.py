# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudflare.cni developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Two ansible-playbook runs at once (two AWX jobs, or a cron and a person) on one account: no duplicate."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import threading
import time

from harness import run_playbook

GCP_KEY = '2f8b6f0e-6c3a-4d7e-9a51-3c0d1e2f4a5b/europe-west4/1'


# How long the simulator holds the first run's create before it lands (and answers): the second run is started
# while it is held, and its first request must arrive before it ends, which the test checks on the simulator's clock.
HELD_CREATE = 20
POLL_LIMIT = 300


def test_two_runs_at_once_create_each_interconnect_once(sim):
    slot_id = [s for s in sim.api('GET', 'slots?limit=1000')['items'] if not s['occupied']][0]['id']
    # The first create is held for HELD_CREATE seconds and lands only then: a second run that looked up the
    # interconnects meanwhile (without the account lock) would see nothing and create it again.
    sim.fault('slow', method='POST', path='/interconnects$', count=1, seconds=HELD_CREATE)
    gcp = dict(type='gcp_partner', pairing_key=GCP_KEY, bandwidth='1G')
    tasks = [dict(name='gcp', **{'cloudflare.cni.interconnect': gcp}),
             dict(name='direct', **{'cloudflare.cni.interconnect': dict(type='direct', slot_id=slot_id)})]
    # The second run reads first (no lock), which shows in the log when it started.
    second_tasks = [dict(name='look', **{'cloudflare.cni.interconnect_info': {}})] + tasks
    runs = [None, None]

    def run(index, its_tasks):
        runs[index] = run_playbook(sim, its_tasks)

    first = threading.Thread(target=run, args=(0, tasks))
    first.start()
    # Start the second run only once the first one's create is held by the simulator (so it holds the lock).
    held = None
    for _poll in range(POLL_LIMIT * 10):
        held = [r for r in sim.requests() if r['method'] == 'POST' and r['fault'] == 'slow']
        if held or not first.is_alive():
            break
        time.sleep(0.1)
    assert held, 'the first run never sent its create'
    second = threading.Thread(target=run, args=(1, second_tasks))
    second.start()
    first.join()
    second.join()
    log = sim.requests()
    post = [r for r in log if r['method'] == 'POST' and r['fault'] == 'slow'][0]
    # Overlap: the second run's first request (its read) came while the first run's create was still held.
    later = [r for r in log if r['seq'] > post['seq']]
    assert later and later[0]['method'] == 'GET' and later[0]['at'] < post['at'] + HELD_CREATE, \
        'the runs did not overlap: %r' % [(r['method'], r['path'], r['at']) for r in log]
    # While the create was held, the only requests were the second run's read-only look-up: its interconnect task
    # waited on the lock instead of looking up (and creating) in parallel.
    during = [r for r in later if r['at'] < post['at'] + HELD_CREATE]
    assert all(r['method'] == 'GET' for r in during)
    assert len([r for r in log if r['method'] == 'POST']) == 2
    interconnects = sim.state()['interconnects']
    assert len([i for i in interconnects if i['type'] == 'gcp_partner']) == 1, [i['name'] for i in interconnects]
    assert len([i for i in interconnects if i['type'] == 'direct']) == 1, [i['name'] for i in interconnects]
    for one in runs:
        for task in ('gcp', 'direct'):
            assert one.result(task).get('failed') is not True, one.result(task).get('msg')
    # One run created each, the other found it.
    assert sorted(one.result('gcp')['changed'] for one in runs) == [False, True]
    assert sorted(one.result('direct')['changed'] for one in runs) == [False, True]
    assert runs[1].result('gcp')['changed'] is False
