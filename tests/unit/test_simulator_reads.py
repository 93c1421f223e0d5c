# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudflare.cni developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The simulator's clock for tests on a busy machine: status changes driven by the client's own status reads
(`after_reads` of the status control endpoint, the `healthy_after_reads` config), never by a timer."""

import sys
from pathlib import Path

import pytest

requests = pytest.importorskip('requests')

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / 'simulator'))
import cni_simulator  # noqa: E402  pylint: disable=wrong-import-position,import-error

ACCOUNT = '023e105f4ecef8ad9ca31a8372d0c353'
TOKEN = 'sim-token'
GCP_KEY = '2e0c5f4c-8d8a-4d5c-9d1b-3a7e44b2f9c1/us-east4/1'


@pytest.fixture(name='sim')
def fixture_sim():
    simulator = cni_simulator.Simulator(tokens=[TOKEN])
    simulator.start()
    yield simulator
    simulator.stop()


def api(sim, method, path, **kwargs):
    return requests.request(method, '%s/accounts/%s/cni%s' % (sim.url, ACCOUNT, path), timeout=30,
                            headers={'Authorization': 'Bearer ' + TOKEN}, **kwargs)


def ctl(sim, method, path, **kwargs):
    return requests.request(method, '%s/__sim__%s' % (sim.control_url, path), timeout=30, **kwargs)


def new_gcp(sim):
    body = dict(account=ACCOUNT, type='gcp_partner', pairing_key=GCP_KEY, bandwidth='1G')
    response = api(sim, 'POST', '/interconnects', json=body)
    assert response.status_code == 200, response.text
    return response.json()['name']


def states(sim, name, reads):
    return [api(sim, "GET", "/interconnects/%s/status" % name).json() for _read in range(reads)]


def test_a_status_set_after_reads_answers_at_the_read_after_that_many(sim):
    name = new_gcp(sim)
    assert ctl(sim, 'PUT', '/interconnects/%s/%s/status' % (ACCOUNT, name),
               json=dict(state='Down', reason='fibre cut', after_reads=2)).status_code == 200
    assert states(sim, name, 4) == [{'state': 'Pending'}] * 2 + [{'state': 'Down', 'reason': 'fibre cut'}] * 2
    # the state dump does not count as a read, and the status is pinned from then on
    icon = ctl(sim, 'GET', '/state/' + ACCOUNT).json()['interconnects'][0]
    assert (icon['status'], icon['status_pinned']) == ({'state': 'Down', 'reason': 'fibre cut'}, True)


def test_a_later_status_replaces_a_queued_one_and_zero_reads_is_at_once(sim):
    name = new_gcp(sim)
    path = '/interconnects/%s/%s/status' % (ACCOUNT, name)
    ctl(sim, 'PUT', path, json=dict(state='Healthy', after_reads=1)).raise_for_status()
    ctl(sim, 'PUT', path, json=dict(state='Unhealthy', after_reads=0)).raise_for_status()
    assert states(sim, name, 3) == [{'state': 'Unhealthy'}] * 3


@pytest.mark.parametrize('value', [-1, 1.5, 'two', True])
def test_after_reads_must_be_a_whole_number(sim, value):
    name = new_gcp(sim)
    response = ctl(sim, 'PUT', '/interconnects/%s/%s/status' % (ACCOUNT, name),
                   json=dict(state='Healthy', after_reads=value))
    assert response.status_code == 400
    assert 'after_reads' in response.text
    assert states(sim, name, 1) == [{'state': 'Pending'}]


def test_healthy_after_reads_turns_new_interconnects_healthy_at_that_read(sim):
    ctl(sim, 'PUT', '/config', json=dict(healthy_after_reads=2)).raise_for_status()
    first, second = new_gcp(sim), new_gcp(sim)
    assert states(sim, first, 3) == [{'state': 'Pending'}] * 2 + [{'state': 'Healthy'}]
    assert states(sim, second, 1) == [{'state': 'Pending'}]  # each interconnect counts its own reads
    assert ctl(sim, 'PUT', '/config', json=dict(healthy_after_reads=-1)).status_code == 400
    assert ctl(sim, 'PUT', '/config', json=dict(healthy_after_reads=None)).json()['healthy_after_reads'] is None


def test_healthy_after_reads_leaves_a_status_set_by_control_alone(sim):
    ctl(sim, 'PUT', '/config', json=dict(healthy_after_reads=0)).raise_for_status()
    name = new_gcp(sim)
    ctl(sim, 'PUT', '/interconnects/%s/%s/status' % (ACCOUNT, name), json=dict(state='Pending')).raise_for_status()
    assert states(sim, name, 2) == [{'state': 'Pending'}] * 2
