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
import signal
import subprocess
import sys
import tempfile
import time

import requests
import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
SIMULATOR = os.path.join(ROOT, 'simulator', 'cni_simulator.py')
COLLECTIONS = os.environ.get('ANSIBLE_COLLECTIONS_PATH') or os.path.join(ROOT, '.build', 'collections')
BIN = os.path.dirname(sys.executable)
# How long one ansible-playbook / ansible run may take before it is stopped and its output so far reported. Generous:
# a run of the role takes about a minute on a busy 2-core machine; the limit is for runs that hang, not slow ones.
RUN_TIMEOUT = float(os.environ.get('CNI_TEST_RUN_TIMEOUT', '900'))
TOKEN = 'sim-token-0123456789'
EMAIL = 'noc@example.com'
KEY = 'sim-legacy-key-abcdef'
ACCOUNT = '023e105f4ecef8ad9ca31a8372d0c353'


class Simulator(object):
    """The running simulator: its URLs and control endpoints.

    Its output (stdout and stderr) goes to a log file, never to a pipe nobody reads (a full pipe blocks the
    simulator); `log()` returns it. `alive()` tells whether it still answers; `restart()` replaces a dead one in
    place (same object, same options, new port)."""

    def __init__(self, process, control_url, log_path=None, args=()):
        self.process = process
        self.control_url = control_url
        self.url = None if control_url is None else control_url + '/client/v4'
        self.log_path = log_path
        self.args = tuple(args)
        self.restarts = 0

    def _call(self, method, path, body=None):
        response = requests.request(method, self.control_url + '/__sim__/' + path, json=body, timeout=60)
        response.raise_for_status()
        return response.json() if response.content else None

    def reset(self, fixtures=None):
        self._call('POST', 'reset', fixtures)

    def configure(self, **config):
        return self._call('PUT', 'config', config)

    def fault(self, kind, **options):
        self._call('POST', 'faults', dict(options, kind=kind))

    def set_status(self, name, state, reason=None, account=ACCOUNT, after_reads=None):
        """Set an interconnect's status; with after_reads=N the next N status reads still answer the old one."""
        body = dict(state=state)
        if reason is not None:
            body['reason'] = reason
        if after_reads is not None:
            body['after_reads'] = after_reads
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
                                    headers={'Authorization': 'Bearer %s' % TOKEN}, timeout=60)
        response.raise_for_status()
        return response.json() if response.content else None

    def log(self, offset=0):
        """What the simulator process wrote (from byte offset on), its exit status if it ended."""
        text = ''
        if self.log_path and os.path.exists(self.log_path):
            with open(self.log_path, 'rb') as handle:
                handle.seek(offset)
                text = handle.read().decode('utf-8', 'replace')
        code = self.process.poll()
        if code is not None:
            text += '\n[simulator process %d %s]' % (self.process.pid, describe_exit(code))
        return text

    def log_size(self):
        try:
            return os.path.getsize(self.log_path)
        except (OSError, TypeError):
            return 0

    def alive(self):
        if self.process.poll() is not None:
            return False
        try:
            return requests.get(self.control_url + '/__sim__/health', timeout=60).status_code == 200
        except requests.RequestException:
            return False

    def restart(self):
        """Replace a dead or hung simulator by a new one with the same options (its old log is kept next to it)."""
        stop_simulator(self)
        fresh = start_simulator(*self.args)
        self.process, self.control_url, self.url = fresh.process, fresh.control_url, fresh.url
        self.log_path = fresh.log_path
        self.restarts += 1


def ensure_live(sim):
    """Restart sim if it died or stopped answering; returns None, or the dead one's last output."""
    if sim.alive():
        return None
    log = sim.log()
    sim.restart()
    return log


def describe_exit(code):
    if code < 0:
        try:
            name = signal.Signals(-code).name
        except ValueError:
            name = 'signal %d' % -code
        return 'was killed by %s' % name
    return 'exited with status %d' % code


def start_simulator(*args):
    """Start the simulator as users do (its command line); returns a Simulator once it listens.

    It writes its URL to a ready file and everything it prints to a log file of its own (a temporary file, so two
    test runs on one machine never share one); `stop_simulator` removes both."""
    workdir = tempfile.mkdtemp(prefix='cni-simulator-')
    ready, log_path = os.path.join(workdir, 'ready'), os.path.join(workdir, 'simulator.log')
    with open(log_path, 'ab') as log:
        process = subprocess.Popen(
            [sys.executable, '-u', SIMULATOR, '--port', '0', '--token', TOKEN, '--email', EMAIL, '--key', KEY,
             '--ready-file', ready] + list(args),
            stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT)
    sim = Simulator(process, None, log_path, args)
    deadline = time.monotonic() + float(os.environ.get('CNI_TEST_SIMULATOR_START_TIMEOUT', '120'))
    while not os.path.exists(ready):
        if process.poll() is not None or time.monotonic() > deadline:
            output = sim.log()
            stop_simulator(sim)  # its output goes into the message
            raise RuntimeError('simulator did not start (%s):\n%s' % (' '.join(process.args), output))
        time.sleep(0.05)
    with open(ready) as handle:
        url = handle.read().strip()
    sim.control_url, sim.url = url[:-len('/client/v4')], url
    return sim


def stop_simulator(sim, keep_log=False):
    if sim.process.poll() is None:
        sim.process.terminate()
        try:
            sim.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            sim.process.kill()
            sim.process.wait(timeout=30)
    if sim.log_path and not keep_log:
        workdir = os.path.dirname(sim.log_path)
        for name in ('ready', 'simulator.log'):
            try:
                os.unlink(os.path.join(workdir, name))
            except OSError:
                pass
        try:
            os.rmdir(workdir)
        except OSError:
            pass


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


class RunFailed(AssertionError):
    """ansible-playbook / ansible did not finish normally: what it printed, how it ended, and the simulator's log."""


def run_ansible(command, env, sim, cwd=None, timeout=None):
    """Run an ansible command to completion with its stdout and stderr; a run that hangs past RUN_TIMEOUT is killed
    with every process it forked and fails the test with what it printed so far (never a bare TimeoutExpired)."""
    timeout = timeout or RUN_TIMEOUT
    process = subprocess.Popen(command, env=env, cwd=cwd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, universal_newlines=True, start_new_session=True)
    try:
        stdout, stderr = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        stdout, stderr = process.communicate()
        raise RunFailed('%s did not finish within %ss (CNI_TEST_RUN_TIMEOUT)\n--- stdout so far:\n%s\n'
                        '--- stderr so far:\n%s\n--- simulator:\n%s'
                        % (' '.join(command), timeout, stdout, stderr,
                           sim.log()[-4000:] if sim is not None and hasattr(sim, 'log') else ''))
    except BaseException:
        os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
        raise
    return subprocess.CompletedProcess(command, process.returncode, stdout, stderr)


def _text(data):
    if data is None:
        return ''
    return data.decode('utf-8', 'replace') if isinstance(data, bytes) else data


def parse_test_json(completed, sim=None):
    """The test_json callback's document: the last stdout line that is one (other lines may follow it, such as
    warnings an engine prints at exit). A run without it fails with its exit status, stdout and stderr."""
    for line in reversed(completed.stdout.splitlines()):
        line = line.strip()
        if line.startswith('{') and '"stats"' in line:
            try:
                return json.loads(line)
            except ValueError:
                continue
    how = describe_exit(completed.returncode)
    if completed.returncode < 0:
        how += ' (SIGKILL with no output: the OOM killer or an outer timeout)' if completed.returncode == -9 else ''
    alive = '' if sim is None or not hasattr(sim, 'alive') else (
        '\n--- simulator %s:\n%s' % ('answers' if sim.alive() else 'is DOWN', sim.log()[-4000:]))
    raise RunFailed('ansible-playbook gave no JSON: it %s\n--- stdout:\n%s\n--- stderr:\n%s%s'
                    % (how, completed.stdout, completed.stderr, alive))


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
        completed = run_ansible(command, run_env, sim)
    finally:
        os.unlink(path)
    parsed = parse_test_json(completed, sim) if callback == 'test_json' else None
    return Run(completed, parsed)


def run_adhoc(sim, module, args='', check=False, env=None, credentials=True):
    """`ansible localhost -m MODULE -a ARGS` with the one-line callback; returns the CompletedProcess."""
    command = [os.path.join(BIN, 'ansible'), 'localhost', '-i', 'localhost,', '-c', 'local', '-m', module,
               '-a', args, '-o']
    if check:
        command.append('--check')
    return run_ansible(command, ansible_env(sim, credentials=credentials, **(env or {})), sim)
