# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudflare.cni developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Integration harness: one simulator process per test session (reset before every test) and real
ansible-playbook / ansible runs of the installed collection against it over HTTP on 127.0.0.1."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
import os
import subprocess
import sys
import tempfile

import requests
import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
SIMULATOR = os.path.join(ROOT, 'simulator', 'cni_simulator.py')
COLLECTIONS = os.environ.get('ANSIBLE_COLLECTIONS_PATH') or os.path.join(ROOT, '.build', 'collections')
BIN = os.path.dirname(sys.executable)
TOKEN = 'sim-token-0123456789'
EMAIL = 'noc@example.com'
KEY = 'sim-legacy-key-abcdef'
ACCOUNT = '023e105f4ecef8ad9ca31a8372d0c353'


class Simulator(object):
    """The running simulator: its URLs and control endpoints."""

    def __init__(self, process, control_url):
        self.process = process
        self.control_url = control_url
        self.url = control_url + '/client/v4'

    def _call(self, method, path, body=None):
        response = requests.request(method, self.control_url + '/__sim__/' + path, json=body, timeout=10)
        response.raise_for_status()
        return response.json() if response.content else None

    def reset(self, fixtures=None):
        self._call('POST', 'reset', fixtures)

    def configure(self, **config):
        return self._call('PUT', 'config', config)

    def fault(self, kind, **options):
        self._call('POST', 'faults', dict(options, kind=kind))

    def set_status(self, name, state, reason=None, account=ACCOUNT):
        body = dict(state=state)
        if reason is not None:
            body['reason'] = reason
        self._call('PUT', 'interconnects/%s/%s/status' % (account, name), body)

    def requests(self):
        return self._call('GET', 'requests')['requests']

    def writes(self):
        return [r for r in self.requests() if r['method'] != 'GET']

    def clear_log(self):
        self._call('DELETE', 'requests')

    def state(self, account=ACCOUNT):
        return self._call('GET', 'state/%s' % account)

    def api(self, method, path, body=None):
        """Call the API directly (set-up of a test, not the thing under test)."""
        response = requests.request(method, '%s/accounts/%s/cni/%s' % (self.url, ACCOUNT, path), json=body,
                                    headers={'Authorization': 'Bearer %s' % TOKEN}, timeout=10)
        response.raise_for_status()
        return response.json() if response.content else None


def start_simulator(*args):
    """Start the simulator as users do (its command line); returns a Simulator once it listens."""
    process = subprocess.Popen(
        [sys.executable, SIMULATOR, '--port', '0', '--token', TOKEN, '--email', EMAIL, '--key', KEY] + list(args),
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, universal_newlines=True)
    line = process.stdout.readline()
    if 'listening on' not in line:
        process.kill()
        raise RuntimeError('simulator did not start: %r %s' % (line, process.stderr.read()))
    return Simulator(process, line.strip().rsplit(' ', 1)[-1])


def stop_simulator(sim):
    sim.process.terminate()
    sim.process.wait(timeout=10)


def ansible_env(sim, credentials=True, **extra):
    env = dict(os.environ)
    for name in list(env):
        if name.startswith('CLOUDFLARE_'):
            del env[name]
    env.update(
        ANSIBLE_COLLECTIONS_PATH=COLLECTIONS,
        ANSIBLE_NOCOLOR='1',
        ANSIBLE_RETRY_FILES_ENABLED='0',
        ANSIBLE_LOCALHOST_WARNING='0',
        ANSIBLE_INVENTORY_UNPARSED_WARNING='0',
        ANSIBLE_PYTHON_INTERPRETER=sys.executable,
        PATH=BIN + os.pathsep + env.get('PATH', ''),
        CLOUDFLARE_BASE_URL=sim.url,
    )
    if credentials:
        env.update(CLOUDFLARE_API_TOKEN=TOKEN, CLOUDFLARE_ACCOUNT_ID=ACCOUNT)
    env.update(extra)
    return env


class Run(object):
    def __init__(self, completed, json_output):
        self.rc = completed.returncode
        self.stdout = completed.stdout
        self.stderr = completed.stderr
        self.output = completed.stdout + completed.stderr
        self.json = json_output

    def results(self):
        """Each task's result on localhost, in order, as (task name, result)."""
        return [(task['task'], task['result']) for task in self.json['tasks'] if task['host'] == 'localhost']

    def result(self, name=None):
        """The result of the task called name (or of the only/last task)."""
        results = self.results()
        if name is None:
            return results[-1][1]
        matches = [res for task, res in results if task == name]
        assert matches, 'no task %r in %s' % (name, [task for task, res in results])
        return matches[-1]

    @property
    def stats(self):
        return self.json['stats']['localhost']


def run_playbook(sim, tasks, check=False, diff=False, verbosity=0, callback='test_json', env=None, extra_vars=None,
                 credentials=True, play=None):
    """Run a one-play playbook of `tasks` (a list of task dicts) on localhost; returns a Run."""
    play_doc = dict(name='test', hosts='localhost', gather_facts=False, tasks=tasks)
    play_doc.update(play or {})
    with tempfile.NamedTemporaryFile('w', suffix='.yml', delete=False) as handle:
        yaml.safe_dump([play_doc], handle)
        path = handle.name
    command = [os.path.join(BIN, 'ansible-playbook'), '-i', 'localhost,', '-c', 'local', path]
    if check:
        command.append('--check')
    if diff:
        command.append('--diff')
    if verbosity:
        command.append('-' + 'v' * verbosity)
    if extra_vars:
        command.extend(['-e', json.dumps(extra_vars)])
    run_env = ansible_env(sim, credentials=credentials, **(env or {}))
    run_env['ANSIBLE_STDOUT_CALLBACK'] = callback
    run_env['ANSIBLE_CALLBACK_PLUGINS'] = os.path.join(HERE, 'callback_plugins')
    try:
        completed = subprocess.run(command, env=run_env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                   universal_newlines=True, timeout=300, check=False)
    finally:
        os.unlink(path)
    parsed = None
    if callback == 'test_json':
        try:
            parsed = json.loads((completed.stdout.strip().splitlines() or [''])[-1])
        except ValueError:
            raise AssertionError('ansible-playbook gave no JSON:\n%s\n%s' % (completed.stdout, completed.stderr))
    return Run(completed, parsed)


def run_adhoc(sim, module, args='', check=False, env=None, credentials=True):
    """`ansible localhost -m MODULE -a ARGS` with the one-line callback; returns the CompletedProcess."""
    command = [os.path.join(BIN, 'ansible'), 'localhost', '-i', 'localhost,', '-c', 'local', '-m', module,
               '-a', args, '-o']
    if check:
        command.append('--check')
    return subprocess.run(command, env=ansible_env(sim, credentials=credentials, **(env or {})),
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, universal_newlines=True, timeout=300,
                          check=False)
