# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudflare.cni developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""AWX and execution environments.

- The playbook runs through ansible-runner the way AWX runs a job: a private data dir with the project's playbook
  and the inventory, `transmit` on the controller, `worker` on the execution node (its own folder), `process` back
  on the controller; the credentials reach it only as environment variables (what the custom credential type of
  docs/awx.md injects), never as module options or extra vars.
- meta/execution-environment.yml gives ansible-builder a build context offline, and the collection's metadata leads
  any EE that installs it to requirements.txt and bindep.txt.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import glob
import json
import os
import subprocess
import sys

import pytest
import yaml

import ansible_runner

from harness import ACCOUNT, BIN, COLLECTIONS, ROOT, TOKEN, start_simulator, stop_simulator

# The playbook an AWX job template runs (`ansible-playbook cloudflare.cni.NAME`) and the simulator's options for it.
PLAYBOOK = 'cloudflare.cni.site'
SIMULATOR_ARGS = ['--fixtures', os.path.join(ROOT, 'tests', 'utils', 'demo_fixtures.json'), '--healthy-after', '1']


def extra_vars(tmp_path):
    """The job template's extra vars: the estate (here the sample's), waiting for Healthy, a writable LOA folder."""
    with open(os.path.join(ROOT, 'playbooks', 'vars', 'sample_estate.yml')) as handle:
        estate = yaml.safe_load(handle)
    return dict(estate, estate_wait=True, estate_wait_sleep=0.5, estate_loa_dir=str(tmp_path / 'loa'))


@pytest.fixture(scope='module')
def awx_sim():
    sim = start_simulator(*SIMULATOR_ARGS)
    yield sim
    stop_simulator(sim)


@pytest.fixture
def job_env(monkeypatch):
    """The environment of the AWX task container: no CLOUDFLARE_* variable of its own, the collection installed."""
    for name in list(os.environ):
        if name.startswith('CLOUDFLARE_'):
            monkeypatch.delenv(name)
    monkeypatch.setenv('PATH', BIN + os.pathsep + os.environ.get('PATH', ''))
    monkeypatch.setenv('ANSIBLE_COLLECTIONS_PATH', COLLECTIONS)
    monkeypatch.setenv('ANSIBLE_NOCOLOR', '1')
    monkeypatch.setenv('ANSIBLE_FORCE_COLOR', '0')
    monkeypatch.setenv('ANSIBLE_LOCALHOST_WARNING', '0')
    monkeypatch.setenv('ANSIBLE_RETRY_FILES_ENABLED', '0')


class Job(object):
    def __init__(self, status, events, private_data_dir, worker_dir):
        self.status = status
        self.events = events
        self.private_data_dir = private_data_dir
        self.worker_dir = worker_dir

    @property
    def stdout(self):
        return '\n'.join(event['stdout'] for event in self.events if event.get('stdout'))

    @property
    def stats(self):
        stats = [e['event_data'] for e in self.events if e['event'] == 'playbook_on_stats']
        assert stats, 'no play recap:\n%s' % self.stdout
        return dict((key, stats[-1][key].get('localhost', 0)) for key in ('ok', 'changed', 'failures', 'dark'))

    def module_results(self):
        """(task name, module, result) of every task of the collection."""
        return [(e['event_data']['task'], e['event_data']['task_action'], e['event_data']['res'])
                for e in self.events
                if e['event'] in ('runner_on_ok', 'runner_on_failed')
                and e['event_data'].get('task_action', '').startswith('cloudflare.cni.')]


def run_job(tmp_path, envvars, extravars=None, name='job'):
    """Run PLAYBOOK as AWX does: transmit -> worker (its own folder, as on an execution node) -> process."""
    private_data_dir = tmp_path / name
    worker_dir = tmp_path / (name + '-worker')
    (private_data_dir / 'project').mkdir(parents=True)
    worker_dir.mkdir()
    # A job template runs a playbook file of its project; the project's site.yml imports the collection's playbook.
    (private_data_dir / 'project' / 'site.yml').write_text(
        yaml.safe_dump([{'name': 'Cloudflare CNI estate', 'ansible.builtin.import_playbook': PLAYBOOK}]))
    options = dict(
        playbook='site.yml',
        inventory='localhost ansible_connection=local ansible_python_interpreter=%s' % sys.executable,
        envvars=envvars, extravars=extravars or {}, quiet=True)
    transmitted = str(tmp_path / (name + '.transmit'))
    returned = str(tmp_path / (name + '.worker'))
    with open(transmitted, 'wb') as stream:
        ansible_runner.run(private_data_dir=str(private_data_dir), streamer='transmit', _output=stream, **options)
    with open(transmitted, 'rb') as source, open(returned, 'wb') as stream:
        ansible_runner.run(streamer='worker', _input=source, _output=stream, private_data_dir=str(worker_dir),
                           quiet=True)
    events = []
    with open(returned, 'rb') as source:
        processor = ansible_runner.run(streamer='process', _input=source, private_data_dir=str(private_data_dir),
                                       quiet=True, event_handler=lambda event: events.append(event) or True)
    return Job(processor.status, events, str(private_data_dir), str(worker_dir))


def credentials(sim):
    """What the custom credential type of docs/awx.md injects (plus the simulator's URL)."""
    return dict(CLOUDFLARE_API_TOKEN=TOKEN, CLOUDFLARE_ACCOUNT_ID=ACCOUNT, CLOUDFLARE_BASE_URL=sim.url)


def files_containing(folder, text):
    """Files under folder that contain text, except the environment ansible-runner was given (env/envvars) and its
    record of the process environment (artifacts/.../command, mode 0600)."""
    found = []
    for path in glob.glob(os.path.join(folder, '**', '*'), recursive=True):
        if not os.path.isfile(path) or os.path.basename(path) in ('envvars', 'command'):
            continue
        with open(path, 'rb') as handle:
            if text.encode() in handle.read():
                found.append(os.path.relpath(path, folder))
    return found


def test_playbook_through_ansible_runner_with_credentials_from_the_environment(awx_sim, job_env, tmp_path):
    awx_sim.reset()
    awx_sim.clear_log()
    extravars = extra_vars(tmp_path)
    job = run_job(tmp_path, credentials(awx_sim), extravars)

    assert job.status == 'successful', job.stdout
    stats = job.stats
    assert stats['failures'] == 0 and stats['dark'] == 0, job.stdout
    assert stats['ok'] > 0 and stats['changed'] > 0, stats
    assert 'PLAY RECAP' in job.stdout

    # The modules authenticated with the injected token: the simulator answers 401/403 to a missing or wrong one.
    served = awx_sim.requests()
    assert served, 'the job sent no request'
    assert [r for r in served if r['method'] != 'GET'], 'the job changed nothing'
    assert all(200 <= r['status'] < 300 for r in served), [(r['method'], r['path'], r['status']) for r in served]
    assert all(r['path'].startswith('/accounts/%s/' % ACCOUNT) for r in served)
    created = set(r['path'].rsplit('/', 1)[-1] for r in served if r['method'] == 'POST')
    assert created == {'interconnects', 'cnis'}, created
    assert glob.glob(str(tmp_path / 'loa' / '*.pdf')), 'no LOA in the estate_loa_dir the job was given'

    # The token came from the environment: no task passed it, and it shows nowhere in the job's output or events.
    results = job.module_results()
    assert results
    for task, module, result in results:
        api_token = result.get('invocation', {}).get('module_args', {}).get('api_token')
        assert api_token in (None, 'VALUE_SPECIFIED_IN_NO_LOG_PARAMETER'), (task, module)
    assert TOKEN not in json.dumps(extravars) and 'api_token' not in json.dumps(extravars)
    assert 'estate_api' not in extravars
    assert files_containing(job.private_data_dir, TOKEN) == []
    assert files_containing(job.worker_dir, TOKEN) == []


def test_without_the_token_in_the_environment_the_job_fails_before_any_request(awx_sim, job_env, tmp_path):
    awx_sim.reset()
    awx_sim.clear_log()
    envvars = credentials(awx_sim)
    del envvars['CLOUDFLARE_API_TOKEN']
    job = run_job(tmp_path, envvars, extra_vars(tmp_path), name='no-token')

    assert job.status == 'failed'
    assert 'CLOUDFLARE_API_TOKEN' in job.stdout
    assert awx_sim.requests() == []


# ---------------------------------------------------------------------------------------------------------------
# ansible-builder


@pytest.fixture(scope='module')
def tarball(tmp_path_factory):
    """The collection built from this checkout (as `make build` does, in a folder of its own)."""
    dist = tmp_path_factory.mktemp('dist')
    subprocess.run([os.path.join(BIN, 'ansible-galaxy'), 'collection', 'build', '--force', '--output-path', str(dist),
                    ROOT], check=True, stdout=subprocess.PIPE, universal_newlines=True)
    (path,) = glob.glob(str(dist / 'cloudflare-cni-*.tar.gz'))
    return path


@pytest.fixture(scope='module')
def ee_context(tarball, tmp_path_factory):
    """`tests/utils/ee_context.sh` (what `make ee` runs): ansible-builder create on meta/execution-environment.yml."""
    folder = tmp_path_factory.mktemp('ee') / 'ee'
    completed = subprocess.run(
        ['bash', os.path.join(ROOT, 'tests', 'utils', 'ee_context.sh'), str(folder), tarball],
        env=dict(os.environ, ANSIBLE_BUILDER=os.path.join(BIN, 'ansible-builder')),
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, universal_newlines=True, check=False)
    assert completed.returncode == 0, completed.stdout
    return folder / 'context'


def read(path):
    with open(str(path)) as handle:
        return handle.read()


def requirement_lines(path):
    return [line.strip() for line in read(path).splitlines() if line.strip() and not line.startswith('#')]


def test_ansible_builder_creates_a_context_that_installs_the_requirements(ee_context):
    containerfile = read(ee_context / 'Containerfile')
    build = ee_context / '_build'
    assert requirement_lines(build / 'requirements.txt') == requirement_lines(os.path.join(ROOT, 'requirements.txt'))
    assert requirement_lines(build / 'bindep.txt') == requirement_lines(os.path.join(ROOT, 'bindep.txt'))
    assert any(line.startswith('requests') for line in requirement_lines(build / 'requirements.txt'))
    # The builder stage copies both files and hands them to the introspection that writes what `assemble` installs.
    assert 'COPY _build/requirements.txt requirements.txt' in containerfile
    assert 'COPY _build/bindep.txt bindep.txt' in containerfile
    assert '--user-pip=requirements.txt --user-bindep=bindep.txt' in containerfile
    assert 'RUN /output/scripts/assemble' in containerfile
    assert 'RUN /output/scripts/install-from-bindep' in containerfile
    # ansible-core and ansible-runner on Python 3.11, and the collection itself from the tarball, not from Galaxy.
    assert 'ansible-core>=2.19' in containerfile and 'ansible-runner' in containerfile
    assert 'ARG PYCMD="/usr/bin/python3.11"' in containerfile
    assert 'ansible-galaxy collection install' in containerfile
    assert (build / 'collections' / 'cloudflare-cni.tar.gz').is_file()
    assert yaml.safe_load(read(build / 'requirements.yml')) == {
        'collections': [{'name': 'collections/cloudflare-cni.tar.gz', 'type': 'file'}]}


def test_the_build_stages_install_the_collection_and_its_requirements_offline(ee_context, tmp_path):
    """What the image build does with the context, minus the container: the Galaxy stage installs the collection
    from /build (offline), the builder stage's introspection collects the Python and system requirements."""
    build = str(ee_context / '_build')
    collections = str(tmp_path / 'collections')
    completed = subprocess.run(
        [os.path.join(BIN, 'ansible-galaxy'), 'collection', 'install', '--offline', '--force', '-r', 'requirements.yml',
         '--collections-path', collections],
        cwd=build, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, universal_newlines=True, check=False)
    assert completed.returncode == 0, completed.stdout
    installed = os.path.join(collections, 'ansible_collections', 'cloudflare', 'cni')
    assert os.path.isfile(os.path.join(installed, 'meta', 'execution-environment.yml'))

    pip_out, bindep_out = str(tmp_path / 'pip.txt'), str(tmp_path / 'bindep.txt')
    completed = subprocess.run(
        [sys.executable, os.path.join(build, 'scripts', 'introspect.py'), 'introspect', '--write-pip', pip_out,
         '--write-bindep', bindep_out, collections],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, universal_newlines=True, check=False)
    assert completed.returncode == 0, completed.stdout
    # Found through the installed collection's meta/execution-environment.yml, relative to the collection root.
    assert 'requests>=2.25  # from collection cloudflare.cni' in read(pip_out)
    assert 'ca-certificates [platform:rpm platform:dpkg]  # from collection cloudflare.cni' in read(bindep_out)
