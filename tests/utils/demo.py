# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudflare.cni developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""`make demo`: start the simulator, run the demo playbook twice (the second run must change nothing), stop it."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import os
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BIN = os.path.dirname(sys.executable)
PLAYBOOK = os.environ.get('DEMO_PLAYBOOK', 'cloudflare.cni.demo')
FIXTURES = os.path.join(ROOT, 'simulator', 'fixtures', 'demo.json')
TOKEN = 'demo-token'
ACCOUNT = 'demo0000000000000000000000000001'


def start_simulator():
    command = [sys.executable, os.path.join(ROOT, 'simulator', 'cni_simulator.py'), '--port', '0',
               '--token', TOKEN, '--fixtures', FIXTURES, '--healthy-after', '3']
    process = subprocess.Popen(command, stdout=subprocess.PIPE, universal_newlines=True)
    line = process.stdout.readline()
    if 'listening on' not in line:
        process.kill()
        sys.exit('the simulator did not start')
    print('== %s' % line.strip())
    return process, line.strip().rsplit(' ', 1)[-1] + '/client/v4'


def run(base_url, label):
    env = dict(os.environ, CLOUDFLARE_API_TOKEN=TOKEN, CLOUDFLARE_ACCOUNT_ID=ACCOUNT, CLOUDFLARE_BASE_URL=base_url,
               ANSIBLE_PYTHON_INTERPRETER=sys.executable, ANSIBLE_LOCALHOST_WARNING='0',
               ANSIBLE_INVENTORY_UNPARSED_WARNING='0')
    print('== %s: ansible-playbook %s' % (label, PLAYBOOK))
    sys.stdout.flush()
    completed = subprocess.run([os.path.join(BIN, 'ansible-playbook'), '-i', 'localhost,', PLAYBOOK], env=env,
                               stdout=subprocess.PIPE, universal_newlines=True, check=False)
    print(completed.stdout)
    if completed.returncode != 0:
        sys.exit('%s failed (exit %d)' % (label, completed.returncode))
    return int(re.search(r'localhost\s*:.*changed=(\d+)', completed.stdout).group(1))


def main():
    process, base_url = start_simulator()
    try:
        first = run(base_url, 'first run')
        second = run(base_url, 'second run')
    finally:
        process.terminate()
        process.wait(timeout=10)
        print('== simulator stopped')
    print('== summary: first run changed=%d, second run changed=%d' % (first, second))
    if first == 0 or second != 0:
        sys.exit('the demo expects the first run to change something and the second to change nothing')


if __name__ == '__main__':
    main()
