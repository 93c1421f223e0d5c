# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudflare.cni developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""cloudflare.cni.interconnect_loa, run by ansible-playbook against the simulator."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import hashlib
import os
import stat

from harness import ACCOUNT, run_playbook


def interconnect_loa(task_name='interconnect_loa', check_mode=None, **options):
    task = dict(name=task_name, ignore_errors=True, **{'cloudflare.cni.interconnect_loa': options})
    if check_mode is not None:
        task['check_mode'] = check_mode
    return task


def create_direct(sim):
    slot = [s for s in sim.api('GET', 'slots?limit=1000')['items'] if not s['occupied']][0]
    icon = sim.api('POST', 'interconnects', dict(account=ACCOUNT, type='direct', slot_id=slot['id']))
    sim.clear_log()
    return icon['name']


def test_writes_a_valid_pdf_once_and_leaves_it_unchanged_on_the_second_run(sim, tmp_path):
    name = create_direct(sim)
    dest = tmp_path / 'loa.pdf'
    run = run_playbook(sim, [
        interconnect_loa('check mode', check_mode=True, name=name, dest=str(dest)),
        interconnect_loa('write', name=name, dest=str(dest), mode='0640'),
        interconnect_loa('again', name=name, dest=str(dest), mode='0640'),
        interconnect_loa('into a folder', name=name, dest=str(tmp_path)),
    ], diff=True)
    predicted = run.result('check mode')
    assert predicted['changed'] is True
    data = dest.read_bytes()
    assert data.startswith(b'%PDF-1.') and data.rstrip().endswith(b'%%EOF')
    assert name.encode() in data
    checksum = hashlib.sha1(data).hexdigest()
    assert predicted['checksum'] == checksum
    assert predicted['diff'] == dict(before={}, after=dict(checksum=checksum, size=len(data)))
    written = run.result('write')
    assert written['changed'] is True
    assert (written['dest'], written['checksum'], written['size']) == (str(dest), checksum, len(data))
    assert stat.S_IMODE(dest.stat().st_mode) == 0o640
    again = run.result('again')
    assert again['changed'] is False
    assert again['diff'] == dict(before={}, after={})
    folder = run.result('into a folder')
    assert folder['changed'] is True
    assert folder['dest'] == str(tmp_path / ('%s.pdf' % name))
    assert sorted(os.listdir(str(tmp_path))) == sorted(['loa.pdf', '%s.pdf' % name])  # no temporary file left
    assert sim.writes() == []


def test_check_mode_writes_nothing_and_reports_changed_bytes_and_attributes(sim, tmp_path):
    name = create_direct(sim)
    dest = tmp_path / 'loa.pdf'
    dest.write_bytes(b'%PDF-1.4 an older letter')
    dest.chmod(0o600)
    run = run_playbook(sim, [
        interconnect_loa('bytes', name=name, dest=str(dest)),
        interconnect_loa('mode', name=name, dest=str(dest), mode='0644'),
    ], check=True, diff=True)
    assert run.result('bytes')['changed'] is True
    assert run.result('bytes')['diff']['before']['size'] == len(b'%PDF-1.4 an older letter')
    assert run.result('mode')['changed'] is True
    assert dest.read_bytes() == b'%PDF-1.4 an older letter'
    assert stat.S_IMODE(dest.stat().st_mode) == 0o600
    assert os.listdir(str(tmp_path)) == ['loa.pdf']


def test_only_the_mode_changes_when_the_bytes_are_the_same(sim, tmp_path):
    name = create_direct(sim)
    dest = tmp_path / 'loa.pdf'
    run = run_playbook(sim, [
        interconnect_loa('write', name=name, dest=str(dest), mode='0600'),
        interconnect_loa('mode', name=name, dest=str(dest), mode='0644'),
    ])
    assert run.result('write')['changed'] is True
    assert run.result('mode')['changed'] is True
    assert stat.S_IMODE(dest.stat().st_mode) == 0o644


def test_gcp_partner_has_no_loa_and_bad_input_fails_before_any_request(sim, tmp_path):
    gcp = sim.api('POST', 'interconnects', dict(account=ACCOUNT, type='gcp_partner', bandwidth='1G',
                                                pairing_key='2f8b6f0e-6c3a-4d7e-9a51-3c0d1e2f4a5b/us-east4/1'))
    sim.clear_log()
    run = run_playbook(sim, [
        interconnect_loa('missing folder', name=gcp['name'], dest=str(tmp_path / 'nope' / 'loa.pdf')),
        interconnect_loa('empty name', name=' ', dest=str(tmp_path)),
    ])
    assert run.result('missing folder')['failed'] is True
    assert run.result('missing folder')['msg'] == 'dest: the folder %s does not exist' % (tmp_path / 'nope')
    assert run.result('empty name')['msg'].startswith('name:')
    assert sim.requests() == []
    run = run_playbook(sim, [interconnect_loa(name=gcp['name'], dest=str(tmp_path))])
    result = run.result()
    assert result['failed'] is True
    assert 'there is no LOA for gcp_partner interconnects' in result['msg']
    assert [r['path'].rsplit('/cni/', 1)[1] for r in sim.requests()] == ['interconnects/%s' % gcp['name']]
    assert os.listdir(str(tmp_path)) == []


def test_an_answer_that_is_not_a_pdf_fails_and_leaves_the_file_alone(sim, tmp_path):
    name = create_direct(sim)
    dest = tmp_path / 'loa.pdf'
    dest.write_bytes(b'%PDF-1.4 an older LOA')
    sim.fault('html', method='GET', path='/loa$', count=1)
    run = run_playbook(sim, [interconnect_loa(name=name, dest=str(dest))])
    result = run.result()
    assert result['failed'] is True
    assert 'PDF' in result['msg']
    assert 'Traceback' not in run.output
    assert dest.read_bytes() == b'%PDF-1.4 an older LOA'
    assert os.listdir(str(tmp_path)) == ['loa.pdf']


def test_dest_that_cannot_be_written_or_is_empty_fails_naming_dest(sim, tmp_path):
    name = create_direct(sim)
    run = run_playbook(sim, [
        interconnect_loa('unwritable folder', name=name, dest='/sys/kernel/'),
        interconnect_loa('empty', name=name, dest=''),
        interconnect_loa('null', name=name, dest=None),
    ])
    unwritable = run.result('unwritable folder')
    assert unwritable['failed'] is True
    assert unwritable['msg'].startswith('dest: cannot write /sys/kernel/%s.pdf' % name), unwritable['msg']
    assert unwritable['failure']['option'] == 'dest'
    for task in ('empty', 'null'):
        result = run.result(task)
        assert result['failed'] is True and result['failure']['option'] == 'dest', result
        assert result['msg'].startswith('dest: must be the path of the PDF file to write')
    assert 'Traceback' not in run.output and 'Errno' not in run.output
    assert [r['method'] for r in sim.requests()] == ['GET', 'GET']  # only the unwritable folder got as far
    assert list(tmp_path.iterdir()) == []


def test_a_bad_mode_owner_or_group_fails_before_the_file_is_written(sim, tmp_path):
    name = create_direct(sim)
    dest = tmp_path / 'loa.pdf'
    run = run_playbook(sim, [
        interconnect_loa('mode', name=name, dest=str(dest), mode='rwx-all'),
        interconnect_loa('octal out of range', name=name, dest=str(dest), mode='077777'),
        interconnect_loa('owner', name=name, dest=str(dest), owner='no-such-user-cni'),
        interconnect_loa('group', name=name, dest=str(dest), group='no-such-group-cni'),
    ])
    for option, task in (('mode', 'mode'), ('mode', 'octal out of range'), ('owner', 'owner'), ('group', 'group')):
        result = run.result(task)
        assert result['failed'] is True and result['msg'].startswith(option + ':'), result['msg']
    assert not dest.exists()
    assert sim.requests() == []


def test_loa_name_is_printed_on_the_loa_and_changing_it_changes_the_file(sim, tmp_path):
    name = create_direct(sim)
    dest = tmp_path / 'loa.pdf'
    run = run_playbook(sim, [
        interconnect_loa('account name', name=name, dest=str(dest)),
        interconnect_loa('loa name', name=name, dest=str(dest), loa_name='Example B.V.'),
        interconnect_loa('loa name again', name=name, dest=str(dest), loa_name='Example B.V.'),
        interconnect_loa('too long', name=name, dest=str(dest), loa_name='x' * 201),
    ])
    assert run.result('account name')['changed'] is True
    assert run.result('loa name')['changed'] is True
    assert run.result('loa name again')['changed'] is False
    assert b'Example B.V.' in dest.read_bytes()
    assert run.result('too long')['msg'].startswith('loa_name: must be at most 200 characters')
    queries = [r['query'] for r in sim.requests() if r['path'].endswith('/loa')]
    assert queries == [{}, dict(name='Example B.V.'), dict(name='Example B.V.')]
