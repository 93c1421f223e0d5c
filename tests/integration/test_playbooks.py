# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudflare.cni developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The collection's playbooks, run as users run them (`ansible-playbook cloudflare.cni.NAME`) against the simulator."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
import os
import re
import subprocess

import pytest
import yaml

from estate import cni, direct, slot
from harness import BIN, COLLECTIONS, HERE, ROOT, Run, ansible_env, parse_test_json, run_ansible

DEMO_FIXTURES = os.path.join(ROOT, 'tests', 'utils', 'demo_fixtures.json')
SAMPLE = os.path.join(ROOT, 'playbooks', 'vars', 'sample_estate.yml')
PAIRING_SENTINEL = '5e47f1e1-0000-4000-8000-0000005ec12e'
MD5_SENTINEL = 'MD5-SENTINEL-site-a1b2'


def run_collection_playbook(sim, name, cwd, *args):
    """`ansible-playbook cloudflare.cni.NAME ARGS` in cwd, with the tests' JSON callback; returns a Run."""
    env = ansible_env(sim, ANSIBLE_STDOUT_CALLBACK='test_json',
                      ANSIBLE_CALLBACK_PLUGINS=os.path.join(HERE, 'callback_plugins'), PWD=str(cwd))
    completed = run_ansible([os.path.join(BIN, 'ansible-playbook'), '-i', 'localhost,', 'cloudflare.cni.' + name]
                            + list(args), env, sim, cwd=str(cwd))
    return Run(completed, parse_test_json(completed, sim))


def test_site_without_an_estate_fails_before_any_request(sim, tmp_path):
    run = run_collection_playbook(sim, 'site', tmp_path)
    assert run.rc != 0
    assert 'No estate given' in run.output
    assert sim.requests() == []


def test_site_with_a_missing_vars_file_says_so(sim, tmp_path):
    run = run_collection_playbook(sim, 'site', tmp_path, '-e', 'estate_vars_file=no-such-estate.yml')
    assert run.rc != 0
    failed = [r['msg'] for task, r in run.results() if r.get('failed')]
    assert len(failed) == 1
    assert failed[0].startswith('estate_vars_file: %s does not exist' % (tmp_path / 'no-such-estate.yml'))
    assert 'Unknown error' not in run.output
    assert sim.requests() == []


def test_site_with_a_vars_file_that_is_not_yaml_or_sets_no_estate_says_so_without_quoting_it(sim, tmp_path):
    broken = tmp_path / 'broken.yml'
    broken.write_text('estate_spec:\n  interconnects: [\n    pairing_key: %s\n' % PAIRING_SENTINEL)
    run = run_collection_playbook(sim, 'site', tmp_path, '-e', 'estate_vars_file=broken.yml', '-vvv')
    assert run.rc != 0
    assert 'is not a valid YAML file of variables' in run.output
    assert PAIRING_SENTINEL not in run.output
    other = tmp_path / 'other.yml'
    other.write_text('something_else: 1\n')
    run = run_collection_playbook(sim, 'site', tmp_path, '-e', 'estate_vars_file=%s' % other)
    assert run.rc != 0 and '%s does not set estate_spec' % other in run.output
    assert sim.requests() == []


@pytest.mark.parametrize('verbosity', ['-v', '-vvv'])
def test_site_prints_no_key_from_the_estate_file_at_any_verbosity(sim, tmp_path, verbosity):
    with open(DEMO_FIXTURES) as handle:
        sim.reset(json.load(handle))
    sim.configure(healthy_after=0)
    with open(SAMPLE) as handle:
        sample = yaml.safe_load(handle)
    interconnects = sample['estate_spec']['interconnects']
    interconnects[2]['pairing_key'] = PAIRING_SENTINEL + '/europe-west4/1'
    interconnects[0]['cnis'][0]['bgp']['md5_key'] = MD5_SENTINEL
    estate_file = tmp_path / 'estate.yml'
    estate_file.write_text(yaml.safe_dump(sample))
    # Two runs: the first creates the interconnects, the second (now Healthy) the CNIs with their MD5 keys.
    for attempt in range(2):
        run = run_collection_playbook(sim, 'site', tmp_path, '-e', 'estate_vars_file=estate.yml', '--diff', verbosity)
        assert run.rc == 0, run.output
        assert PAIRING_SENTINEL not in run.output
        assert MD5_SENTINEL not in run.output
    state = sim.state()
    assert MD5_SENTINEL in [(c.get('bgp') or {}).get('md5_key') for c in state['cnis']]
    assert PAIRING_SENTINEL + '/europe-west4/1' in [i.get('pairing_key') for i in state['interconnects']]


def table_rows(markdown, heading):
    """The rows (lists of cells) of the first table after `heading`, header row excluded."""
    section = markdown.split(heading, 1)[1]
    rows = []
    for line in section.splitlines()[1:]:
        if line.startswith('#'):
            break
        if line.startswith('|') and not line.startswith('| ---'):
            rows.append([cell.strip() for cell in line.strip('|').split('|')])
    return rows[1:]


def test_site_converges_the_sample_estate_with_loas_in_the_current_directory(sim, tmp_path):
    with open(DEMO_FIXTURES) as handle:
        sim.reset(json.load(handle))
    run = run_collection_playbook(sim, 'site', tmp_path, '-e', 'estate_vars_file=%s' % SAMPLE)
    assert run.rc == 0, run.output
    with open(SAMPLE) as handle:
        sample = yaml.safe_load(handle)['estate_spec']
    state = sim.state()
    assert state['settings']['default_asn'] == sample['settings']['default_asn']
    created = [i for i in state['interconnects'] if i['name'] != 'cni-lhr01-1']
    assert sorted(i['type'] for i in created) == ['direct', 'direct', 'gcp_partner', 'gcp_partner']
    # New interconnects are Pending (no --healthy-after here): their CNIs wait for a later run, and the run says so.
    assert state['cnis'] == []
    skipped = [r['msg'] for task, r in run.results() if 'not ready' in task and 'estate_message' in r]
    assert len(skipped) == 4 and all(' is Pending: skipped its CNIs' in m for m in skipped)
    # Not Healthy is a warning in the recap (an ignored failure), not only a message.
    assert run.stats['ignored'] == 1 and run.stats['failures'] == 0
    direct_names = sorted(i['name'] for i in created if i['type'] == 'direct')
    assert sorted(os.listdir(str(tmp_path / 'loa'))) == ['%s.pdf' % name for name in direct_names]


def report_fixtures():
    slots = [slot(0, occupied=True), slot(1, occupied=True), slot(2), slot(3, speed='100G'),
             slot(4, site='fra02', occupied=True), slot(5, site='iad01'), slot(6, site='iad01')]
    gcp = dict(type='gcp_partner', name='gcp-europe-west4-9', region='europe-west4', speed='1G',
               status=dict(state='Healthy'))
    cnis = [cni(1, 'ic-a', name='ams-core-1', mtu=1500, bgp=dict(customer_asn=65001, extra_prefixes=['192.0.2.0/25'])),
            cni(2, 'ic-a', name='ams-core-2', mtu=1476),
            cni(3, 'gcp-europe-west4-9', name='gcp-prod', mtu=1460, bgp=dict(customer_asn=16550, extra_prefixes=[]))]
    return dict(settings=dict(default_asn=64512), slots=slots,
                interconnects=[direct('ic-a', slots[0]), direct('ic-b', slots[1]), direct('ic-f', slots[4]), gcp],
                cnis=cnis)


def test_report_lists_what_is_not_healthy_free_slots_and_cnis(sim, tmp_path):
    sim.reset(report_fixtures())
    sim.set_status('ic-b', 'Down', 'fibre cut at the facility')
    sim.set_status('ic-f', 'Unhealthy')
    dest = tmp_path / 'out' / 'estate.md'
    dest.parent.mkdir()
    run = run_collection_playbook(sim, 'report', tmp_path, '-e', 'report_dest=%s' % dest)
    assert run.rc == 0, run.output
    assert sim.writes() == []
    assert str(dest) in run.result('Say where the report is')['msg']
    report = dest.read_text()

    not_healthy = table_rows(report, '## Interconnects that are not Healthy')
    assert [(r[0], r[3], r[4]) for r in not_healthy] == [
        ('ic-b', 'Down', 'fibre cut at the facility'), ('ic-f', 'Unhealthy', 'no reason given')]

    free = dict((r[0], r) for r in table_rows(report, '## Free slots per site'))
    assert sorted(free) == ['ams01', 'fra02', 'iad01']
    assert free['ams01'][2] == '2' and '10G: 1' in free['ams01'][3] and '100G: 1' in free['ams01'][3]
    assert free['ams01'][4] == '2'
    assert free['fra02'][2] == '0' and free['iad01'][2] == '2'

    assert 'Cloudflare-side BGP ASN (`default_asn`) | 64512' in report
    on_a = table_rows(report, '### ic-a:')
    assert [(r[0], r[2], r[3]) for r in on_a] == [('ams-core-1', '1500', '65001'), ('ams-core-2', '1476', 'no BGP')]
    assert '192.0.2.0/25' in on_a[0][4]
    assert [(r[0], r[2], r[3]) for r in table_rows(report, '### gcp-europe-west4-9:')] == [('gcp-prod', '1460', '16550')]
    assert re.search(r'### ic-b: direct, ams01 \(AMS01 facility\), 10G, Down\n\nNo CNI\.', report)

    again = run_collection_playbook(sim, 'report', tmp_path, '-e', 'report_dest=%s' % dest)
    assert again.rc == 0 and again.stats['changed'] == 0, again.output


def test_make_demo_describes_the_fixture_account_and_prints_loa_paths_with_their_folder():
    env = dict(os.environ, ANSIBLE_COLLECTIONS_PATH=COLLECTIONS)
    completed = subprocess.run([os.path.join(BIN, 'python'), os.path.join(ROOT, 'tests', 'utils', 'demo.py')],
                               env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, universal_newlines=True,
                               timeout=600, check=False)
    assert completed.returncode == 0, completed.stdout[-3000:]
    assert 'empty account' not in completed.stdout
    assert '1 interconnect(s) not in the estate (cni-lhr01-1)' in completed.stdout
    loas = [line for line in completed.stdout.splitlines() if line.strip().startswith('LOAs:')]
    assert len(loas) == 1
    paths = loas[0].split(':', 1)[1].strip().split(', ')
    assert len(paths) == 2 and all(os.path.isabs(path) and os.path.isfile(path) for path in paths), paths
