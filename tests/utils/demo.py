# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudflare.cni developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""`make demo`: against the simulator, converge the sample estate with `cloudflare.cni.site` twice (the first run
changes things, the second nothing), then write the `cloudflare.cni.report` report and say where it is.

The simulator starts from tests/utils/demo_fixtures.json (an account with free slots and one interconnect that the
sample estate does not declare, which the role leaves alone) and moves new interconnects to Healthy after two seconds,
so that the first run shows the whole flow: settings, interconnects, LOAs, waiting for Healthy, CNIs.
Files go to .build/demo/ (LOAs in loa/, the report in cni-report.md).
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
import os
import re
import shutil
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BIN = os.path.dirname(sys.executable)
FIXTURES = os.path.join(ROOT, 'tests', 'utils', 'demo_fixtures.json')
OUT = os.path.join(ROOT, '.build', 'demo')
TOKEN = 'demo-token-0123456789'
ACCOUNT = 'demo0000000000000000000000000001'
HEALTHY_AFTER = '2'
RECAP = re.compile(r'^localhost\s*:\s*(.*)$', re.MULTILINE)


def describe_fixtures():
    """What the demo account holds before the first run, in words."""
    with open(FIXTURES) as handle:
        fixtures = json.load(handle)
    interconnects = fixtures.get('interconnects') or []
    return '%d slot(s), %d interconnect(s) not in the estate%s, %d CNI(s)' % (
        len(fixtures.get('slots') or []), len(interconnects),
        ' (%s)' % ', '.join(i['name'] for i in interconnects) if interconnects else '', len(fixtures.get('cnis') or []))


def start_simulator():
    command = [sys.executable, os.path.join(ROOT, 'simulator', 'cni_simulator.py'), '--port', '0', '--token', TOKEN,
               '--fixtures', FIXTURES, '--healthy-after', HEALTHY_AFTER]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, universal_newlines=True)
    line = process.stdout.readline()
    if 'listening on' not in line:
        process.kill()
        sys.exit('the simulator did not start')
    print('== %s (new interconnects become Healthy after %ss)' % (line.strip(), HEALTHY_AFTER))
    return process, line.strip().rsplit(' ', 1)[-1] + '/client/v4'


def run(base_url, label, playbook, *args):
    """Run `ansible-playbook cloudflare.cni.PLAYBOOK ARGS`, echoing its output; returns the recap counts."""
    env = dict(os.environ, CLOUDFLARE_API_TOKEN=TOKEN, CLOUDFLARE_ACCOUNT_ID=ACCOUNT, CLOUDFLARE_BASE_URL=base_url,
               ANSIBLE_PYTHON_INTERPRETER=sys.executable, ANSIBLE_LOCALHOST_WARNING='0',
               ANSIBLE_INVENTORY_UNPARSED_WARNING='0', ANSIBLE_NOCOLOR='1', PWD=OUT)
    command = ['ansible-playbook', '-i', 'localhost,', 'cloudflare.cni.' + playbook] + list(args)
    print('\n== %s: %s' % (label, ' '.join(command)))
    sys.stdout.flush()
    started = time.monotonic()
    process = subprocess.Popen([os.path.join(BIN, command[0])] + command[1:], env=env, cwd=OUT,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, universal_newlines=True)
    output = []
    for line in process.stdout:
        output.append(line)
        sys.stdout.write(line)
    process.wait()
    if process.returncode != 0:
        sys.exit('%s failed (exit %d)' % (label, process.returncode))
    recap = RECAP.findall(''.join(output))
    counts = dict((key, int(value)) for key, value in re.findall(r'(\w+)=(\d+)', recap[-1]))
    counts['items'] = sum(1 for line in output if line.startswith('changed: [localhost]'))
    counts['seconds'] = time.monotonic() - started
    return counts


def edge(base_url, sample):
    """Write the customer-side router configuration of the sample estate's CNIs (cloudflare.cni.edge); returns the
    FRR file of one CNI."""
    settings = dict(estate_edge=dict(dest=os.path.join(OUT, 'edge'), interface='eth1', platforms=['frr', 'junos'],
                                     prefixes=['203.0.113.0/24']))
    run(base_url, 'router configurations of the CNIs', 'edge', '-e', 'estate_vars_file=%s' % sample,
        '-e', json.dumps(settings))
    return os.path.join(OUT, 'edge', 'ams-core-1.frr.conf')


def main():
    started = time.monotonic()
    shutil.rmtree(OUT, ignore_errors=True)
    os.makedirs(OUT)
    loa_dir = os.path.join(OUT, 'loa')
    report = os.path.join(OUT, 'cni-report.md')
    site = ['-e', 'estate_vars_file=%s' % os.path.join(ROOT, 'playbooks', 'vars', 'sample_estate.yml'),
            '-e', 'estate_wait=true', '-e', 'estate_wait_sleep=1', '-e', 'estate_loa_dir=%s' % loa_dir]
    process, base_url = start_simulator()
    try:
        first = run(base_url, 'first run, the sample estate on an account that has none of it yet (%s)'
                    % describe_fixtures(), 'site', *site)
        second = run(base_url, 'second run, the same estate', 'site', *site)
        run(base_url, 'report', 'report', '-e', 'report_dest=%s' % report)
        edge_file = edge(base_url, os.path.join(ROOT, 'playbooks', 'vars', 'sample_estate.yml'))
    finally:
        process.terminate()
        process.wait(timeout=10)
        print('== simulator stopped')
    print('\n== %s\n' % report)
    with open(report) as handle:
        print(handle.read())
    print('== %s (the MD5 key masked here; the file, mode 0600, has it)\n' % edge_file)
    with open(edge_file) as handle:
        print(re.sub(r'(password )\S+', r'\1********', handle.read()))
    print('== summary (%.0fs in all)' % (time.monotonic() - started))
    for label, counts in (('first run ', first), ('second run', second)):
        print('   site %s: changed=%d (%d changed items) ok=%d failed=%d (%.1fs)'
              % (label, counts['changed'], counts['items'], counts['ok'], counts['failed'], counts['seconds']))
    print('   LOAs:   %s' % ', '.join(os.path.join(loa_dir, name) for name in sorted(os.listdir(loa_dir))))
    print('   report: %s' % report)
    if first['changed'] == 0 or second['changed'] != 0:
        sys.exit('the demo expects the first run to change something and the second to change nothing')


if __name__ == '__main__':
    main()
