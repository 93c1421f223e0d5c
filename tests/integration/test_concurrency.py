# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudflare.cni developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Two ansible-playbook runs at once (two AWX jobs, or a cron and a person) on one account: no duplicate."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import threading

from harness import run_playbook

GCP_KEY = '2f8b6f0e-6c3a-4d7e-9a51-3c0d1e2f4a5b/europe-west4/1'


def test_two_runs_at_once_create_each_interconnect_once(sim):
    slot_id = [s for s in sim.api('GET', 'slots?limit=1000')['items'] if not s['occupied']][0]['id']
    # Every answer takes 1.5 s, so without serialisation both runs look up (and see nothing) before either creates.
    sim.configure(latency_ms=1500)
    gcp = dict(type='gcp_partner', pairing_key=GCP_KEY, bandwidth='1G')
    tasks = [dict(name='gcp', **{'cloudflare.cni.interconnect': gcp}),
             dict(name='direct', **{'cloudflare.cni.interconnect': dict(type='direct', slot_id=slot_id)})]
    runs = [None, None]

    def run(index):
        runs[index] = run_playbook(sim, tasks)

    threads = [threading.Thread(target=run, args=(index,)) for index in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    sim.configure(latency_ms=0)
    interconnects = sim.state()['interconnects']
    assert len([i for i in interconnects if i['type'] == 'gcp_partner']) == 1, [i['name'] for i in interconnects]
    assert len([i for i in interconnects if i['type'] == 'direct']) == 1, [i['name'] for i in interconnects]
    for one in runs:
        for task in ('gcp', 'direct'):
            assert one.result(task).get('failed') is not True, one.result(task).get('msg')
    # One run created each, the other found it.
    assert sorted(one.result('gcp')['changed'] for one in runs) == [False, True]
    assert sorted(one.result('direct')['changed'] for one in runs) == [False, True]
    assert len([r for r in sim.writes() if r['method'] == 'POST']) == 2
