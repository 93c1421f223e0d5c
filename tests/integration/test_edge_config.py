# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudflare.cni developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""cloudflare.cni.edge_config (module and filter), run by ansible-playbook against the simulator."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import os
import stat

from estate import cni, two_interconnects
from harness import run_playbook

KEY = 'edge-sentinel-Md5-7f3a'
OTHER_KEY = 'edge-sentinel-New-91c2'
PREFIXES = ['192.0.2.0/24']


def fixtures(key=KEY):
    bgp = dict(customer_asn=64600, extra_prefixes=['198.51.100.0/24', '203.0.113.0/24'])
    if key:
        bgp['md5_key'] = key
    return two_interconnects([cni(1, 'ic-a', name='ams-core-1', mtu=1476, bgp=bgp),
                              cni(2, 'ic-b', name='ams-core-2'),
                              cni(3, 'ic-b', name='fra-core-1', bgp=dict(customer_asn=64601, extra_prefixes=[]))])


def edge_config(task_name='edge_config', check_mode=None, **options):
    options.setdefault('interface', 'eth1')
    options.setdefault('prefixes', PREFIXES)
    task = dict(name=task_name, ignore_errors=True, **{'cloudflare.cni.edge_config': options})
    if check_mode is not None:
        task['check_mode'] = check_mode
    return task


def test_check_mode_then_write_then_nothing_changes_and_no_write_request(sim, tmp_path):
    sim.reset(fixtures())
    dest = tmp_path / 'configs'
    run = run_playbook(sim, [
        edge_config('check', check_mode=True, conduit_name='ams-core-1', platforms=['frr', 'junos'], dest=str(dest)),
        edge_config('write', conduit_name='ams-core-1', platforms=['frr', 'junos'], dest=str(dest)),
        edge_config('again', conduit_name='ams-core-1', platforms=['frr', 'junos'], dest=str(dest)),
    ], diff=True)
    check = run.result('check')
    assert check['changed'] is True
    assert [f['changed'] for f in check['files']] == [True, True]
    write = run.result('write')
    assert write['changed'] is True
    assert [(f['path'], f['platform'], f['conduit_name']) for f in write['files']] == [
        (str(dest / 'ams-core-1.frr.conf'), 'frr', 'ams-core-1'), (str(dest / 'ams-core-1.junos.conf'), 'junos', 'ams-core-1')]
    assert check['files'] == write['files']  # check mode predicted the same texts
    frr = (dest / 'ams-core-1.frr.conf').read_text()
    assert ' neighbor 100.65.0.2 password %s\n' % KEY in frr
    assert ' ip address 100.65.0.3/31\n' in frr and '!   ip link set dev eth1 mtu 1476\n' in frr
    assert 'set protocols bgp group CF-ams-core-1 neighbor 100.65.0.2 authentication-key "%s"' % KEY \
        in (dest / 'ams-core-1.junos.conf').read_text()
    assert stat.S_IMODE(dest.stat().st_mode) == 0o700
    for path in dest.iterdir():
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    again = run.result('again')
    assert again['changed'] is False and again['diff'] == []
    assert sim.writes() == []
    # The key is in the files, never in the output (task results, diff, warnings).
    assert KEY not in run.output
    after = write['diff'][0]['after']
    assert ' neighbor 100.65.0.2 password ********\n' in after and write['diff'][0]['before'] == ''


def test_check_mode_creates_nothing(sim, tmp_path):
    sim.reset(fixtures())
    dest = tmp_path / 'configs'
    run = run_playbook(sim, [edge_config(platforms=['eos'], dest=str(dest))], check=True)
    assert run.result()['changed'] is True
    assert not dest.exists()


def test_every_cni_and_the_diff_of_a_changed_key_hides_both_keys(sim, tmp_path):
    sim.reset(fixtures())
    run = run_playbook(sim, [edge_config(platforms=['ios_xe'], dest=str(tmp_path))])
    assert sorted(os.listdir(str(tmp_path))) == ['ams-core-1.ios_xe.conf', 'ams-core-2.ios_xe.conf',
                                                 'fra-core-1.ios_xe.conf']
    warnings = ' '.join(run.result().get('warnings', []))
    assert 'The API returned no MD5 key for CNI(s) fra-core-1 and md5_keys has none for them' in warnings
    current = sim.api('GET', 'cnis/%s' % run.result()['files'][0]['id'])
    current['bgp']['md5_key'] = OTHER_KEY
    sim.api('PUT', 'cnis/%s' % current['id'], current)
    sim.clear_log()
    run = run_playbook(sim, [edge_config(platforms=['ios_xe'], dest=str(tmp_path))], diff=True)
    result = run.result()
    assert [f['changed'] for f in result['files']] == [True, False, False]
    assert len(result['diff']) == 1
    assert ' neighbor 100.65.0.2 password ********\n' in result['diff'][0]['before']
    assert ' neighbor 100.65.0.2 password ******** (changed)\n' in result['diff'][0]['after']
    assert KEY not in run.output and OTHER_KEY not in run.output
    assert OTHER_KEY in (tmp_path / 'ams-core-1.ios_xe.conf').read_text()
    assert sim.writes() == []


def test_md5_key_comes_from_md5_keys_when_the_api_returns_none(sim, tmp_path):
    sim.reset(fixtures(key=None))
    run = run_playbook(sim, [edge_config(conduit_name='ams-core-1', platforms=['eos'], dest=str(tmp_path),
                                         md5_keys={'ams-core-1': KEY})], diff=True, verbosity=3)
    result = run.result()
    assert result['changed'] is True and not result.get('warnings')
    assert '   neighbor 100.65.0.2 password 0 %s\n' % KEY in (tmp_path / 'ams-core-1.eos.conf').read_text()
    assert KEY not in run.output


def test_mode_and_attributes_follow_the_file_options(sim, tmp_path):
    sim.reset(fixtures())
    run = run_playbook(sim, [
        edge_config('0600', conduit_name='ams-core-2', platforms=['frr'], dest=str(tmp_path)),
        edge_config('0640', conduit_name='ams-core-2', platforms=['frr'], dest=str(tmp_path), mode='0640'),
    ], diff=True)
    assert run.result('0600')['changed'] is True
    only_mode = run.result('0640')
    assert only_mode['changed'] is True
    assert only_mode['diff'][0]['after'] == dict(mode='0640')
    assert stat.S_IMODE((tmp_path / 'ams-core-2.frr.conf').stat().st_mode) == 0o640
    text = (tmp_path / 'ams-core-2.frr.conf').read_text()
    assert '! This CNI has no BGP: only the link is configured.\n' in text and 'router bgp' not in text


def test_bad_input_fails_before_any_request_naming_the_option(sim, tmp_path):
    sim.reset(fixtures())
    sim.clear_log()
    (tmp_path / 'file').write_text('x')
    run = run_playbook(sim, [
        edge_config('host bits', platforms=['frr'], dest=str(tmp_path), prefixes=['192.0.2.1/24']),
        edge_config('interface', platforms=['frr'], dest=str(tmp_path), interface='eth 1'),
        edge_config('key', platforms=['frr'], dest=str(tmp_path), md5_keys={'ams-core-1': 'bad?key'}),
        edge_config('platform', platforms=['vyos'], dest=str(tmp_path)),
        edge_config('dest', platforms=['frr'], dest=str(tmp_path / 'file')),
        edge_config('both', platforms=['frr'], dest=str(tmp_path), conduit_name='a', interconnect='ic-a'),
    ])
    assert run.result('host bits')['msg'].startswith('prefixes[0]: ')
    assert 'host bits set' in run.result('host bits')['msg']
    assert run.result('interface')['msg'].startswith('interface: ')
    assert run.result('key')['msg'] == ('md5_keys[ams-core-1]: must not contain a double quote, question mark, tab, '
                                        'CR, LF, VT or FF')
    assert 'platforms' in run.result('platform')['msg']
    assert run.result('dest')['msg'].startswith('dest: ')
    assert 'mutually exclusive' in run.result('both')['msg']
    assert sim.requests() == []
    assert os.listdir(str(tmp_path)) == ['file']


def test_unknown_conduit_name_and_a_key_a_platform_cannot_carry_fail_without_writing(sim, tmp_path):
    sim.reset(fixtures(key='1starts-with-a-digit'))
    run = run_playbook(sim, [
        edge_config('unknown', conduit_name='nope', platforms=['frr'], dest=str(tmp_path)),
        edge_config('ios', conduit_name='ams-core-1', platforms=['frr', 'ios_xe'], dest=str(tmp_path)),
    ])
    assert run.result('unknown')['msg'] == 'conduit_name: no CNI of the account has the conduit name nope'
    failed = run.result('ios')
    assert failed['failed'] is True
    assert failed['msg'].startswith('CNI ams-core-1 (')
    assert 'md5_key: must not start with a digit for ios_xe' in failed['msg']
    assert '1starts-with-a-digit' not in run.output
    assert os.listdir(str(tmp_path)) == []  # nothing written when one file of the set cannot be rendered
    assert sim.writes() == []


def test_the_filter_renders_without_any_request_and_names_bad_input(sim):
    the_cni = cni(7, 'ic-a', name='lon-edge-1', mtu=1500, bgp=dict(customer_asn=64700, extra_prefixes=['198.51.100.0/25']))
    run = run_playbook(sim, [
        dict(name='render', **{'ansible.builtin.set_fact': {
            'text': "{{ the_cni | cloudflare.cni.edge_config('frr', default_asn=13335, prefixes=['192.0.2.0/24'], "
                    "interface='eth2') }}"}}),
        dict(name='bad', ignore_errors=True, **{'ansible.builtin.set_fact': {
            'text': "{{ the_cni | cloudflare.cni.edge_config('frr', default_asn=64700, interface='eth2') }}"}}),
        dict(name='masked', ignore_errors=True, **{'ansible.builtin.set_fact': {
            'text': "{{ the_cni | combine({'bgp': {'md5_key': '********'}}, recursive=true) "
                    "| cloudflare.cni.edge_config('junos', default_asn=13335, interface='et-0/0/1') }}"}}),
    ], extra_vars=dict(the_cni=the_cni), credentials=False)
    text = run.result('render')['ansible_facts']['text']
    assert ' neighbor 100.65.0.14 remote-as 13335\n' in text
    assert 'ip prefix-list CF-lon-edge-1-IN seq 5 permit 198.51.100.0/25\n' in text
    assert '  network 192.0.2.0/24\n' in text
    assert 'password' not in text
    assert ('bgp.customer_asn: 64700 equals default_asn: Cloudflare supports eBGP only'
            in run.result('bad')['msg'])
    assert 'bgp.md5_key: is masked' in run.result('masked')['msg']
    assert sim.requests() == []


def test_conduit_names_select_cnis_and_unknown_ones_fail(sim, tmp_path):
    sim.reset(fixtures())
    run = run_playbook(sim, [
        edge_config('two', conduit_names=['fra-core-1', 'ams-core-1'], platforms=['frr'], dest=str(tmp_path)),
        edge_config('none', conduit_names=[], platforms=['frr'], dest=str(tmp_path)),
        edge_config('unknown', conduit_names=['nope', 'ams-core-1'], platforms=['frr'], dest=str(tmp_path)),
    ])
    assert [f['conduit_name'] for f in run.result('two')['files']] == ['ams-core-1', 'fra-core-1']
    assert (run.result('none')['changed'], run.result('none')['files']) == (False, [])
    assert run.result('unknown')['msg'] == 'conduit_names: no CNI of the account has the conduit name(s) nope'
    assert sorted(os.listdir(str(tmp_path))) == ['ams-core-1.frr.conf', 'fra-core-1.frr.conf']
