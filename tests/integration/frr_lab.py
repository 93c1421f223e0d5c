# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudflare.cni developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Two FRR routers joined by a veth pair, each in a Linux network namespace of its own (zebra, staticd and bgpd with
their own pid files, zebra socket and vty sockets under a private folder). Everything started is stopped by close()."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
import os
import shutil
import signal
import subprocess
import tempfile
import time
import uuid

FRR_DIR = '/usr/lib/frr'
DAEMONS = ('zebra', 'staticd', 'bgpd')


def unavailable():
    """Why the lab cannot run here (and how to enable it), or None."""
    if not hasattr(os, 'geteuid') or os.geteuid() != 0:
        return ('needs root for network namespaces: run `make test` (or this test) as root, as CI does through '
                '.ci/run')
    missing = [d for d in DAEMONS if not os.access(os.path.join(FRR_DIR, d), os.X_OK)]
    if missing or not shutil.which('vtysh') or not shutil.which('ip'):
        return ('needs FRR (%s/{zebra,staticd,bgpd}, vtysh) and iproute2: `apt-get install -y frr iproute2` '
                '(.ci/run installs frr when it runs as root)' % FRR_DIR)
    probe = 'cfe-probe-%s' % uuid.uuid4().hex[:8]
    made = subprocess.run(['ip', 'netns', 'add', probe], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          universal_newlines=True, check=False)
    if made.returncode != 0:
        return 'needs Linux network namespaces (`ip netns add` failed: %s)' % made.stdout.strip()
    subprocess.run(['ip', 'netns', 'del', probe], check=False)
    return None


def run(*command, **kwargs):
    completed = subprocess.run(list(command), stdout=subprocess.PIPE, stderr=subprocess.PIPE, universal_newlines=True,
                               timeout=60, check=False, **kwargs)
    if completed.returncode != 0:
        raise AssertionError('%s failed (%d): %s %s' % (' '.join(command), completed.returncode, completed.stdout,
                                                        completed.stderr))
    return completed.stdout


class Router(object):
    def __init__(self, lab, role):
        self.netns = 'cfe-%s-%s' % (role, lab.suffix)
        self.interface = '%s%s' % (role, lab.suffix)
        self.folder = os.path.join(lab.folder, role)
        self.pids = []

    def ns(self, *command):
        return run('ip', 'netns', 'exec', self.netns, *command)

    def start(self):
        os.makedirs(self.folder)
        shutil.chown(self.folder, 'frr', 'frr')
        zsock = os.path.join(self.folder, 'zserv.api')
        for daemon in DAEMONS:
            pid_file = os.path.join(self.folder, '%s.pid' % daemon)
            command = [os.path.join(FRR_DIR, daemon), '-d', '-i', pid_file, '-z', zsock, '--vty_socket', self.folder,
                       '-A', '127.0.0.1', '--log', 'file:%s' % os.path.join(self.folder, '%s.log' % daemon)]
            self.ns(*command)
            self.pids.append(self._wait_pid(pid_file))
        for daemon in DAEMONS:
            self._wait_socket(os.path.join(self.folder, '%s.vty' % daemon))

    def _wait_pid(self, pid_file):
        for _attempt in range(100):
            if os.path.exists(pid_file):
                with open(pid_file) as handle:
                    text = handle.read().strip()
                if text:
                    return int(text)
            time.sleep(0.1)
        raise AssertionError('no pid file %s' % pid_file)

    def _wait_socket(self, path):
        for _attempt in range(100):
            if os.path.exists(path):
                return
            time.sleep(0.1)
        raise AssertionError('no vty socket %s' % path)

    def vtysh(self, *commands):
        args = ['vtysh', '--vty_socket', self.folder]
        for command in commands:
            args += ['-c', command]
        return self.ns(*args)

    def show(self, command):
        return json.loads(self.vtysh(command + ' json') or '{}')

    def configure(self, text):
        """Apply configuration text as a file, the way an operator would (`vtysh -f FILE`)."""
        path = os.path.join(self.folder, 'applied-%s.conf' % uuid.uuid4().hex[:6])
        with open(path, 'w') as handle:
            handle.write(text)
        return self.ns('vtysh', '--vty_socket', self.folder, '-f', path)

    def stop(self):
        for pid in self.pids:
            try:
                os.kill(pid, signal.SIGTERM)
            except OSError:
                pass
        for pid in self.pids:
            for _attempt in range(50):
                try:
                    os.kill(pid, 0)
                except OSError:
                    break
                time.sleep(0.1)
            else:
                try:
                    os.kill(pid, signal.SIGKILL)
                except OSError:
                    pass


class Lab(object):
    """`cf` plays Cloudflare, `cu` the customer; `cf.interface` and `cu.interface` are the two ends of one veth."""

    def __init__(self):
        self.suffix = uuid.uuid4().hex[:6]
        # The daemons drop root for the frr user, which must reach their folders (pytest's tmp_path is 0700).
        self.folder = tempfile.mkdtemp(prefix='cfe-frr-')
        os.chmod(self.folder, 0o755)
        self.cf = Router(self, 'cf')
        self.cu = Router(self, 'cu')
        self.namespaces = []

    def start(self):
        for router in (self.cf, self.cu):
            run('ip', 'netns', 'add', router.netns)
            self.namespaces.append(router.netns)
            router.ns('ip', 'link', 'set', 'lo', 'up')
        run('ip', 'link', 'add', self.cf.interface, 'netns', self.cf.netns, 'type', 'veth', 'peer', 'name',
            self.cu.interface, 'netns', self.cu.netns)
        for router in (self.cf, self.cu):
            router.ns('ip', 'link', 'set', router.interface, 'up')
            router.start()

    def close(self):
        for router in (self.cf, self.cu):
            router.stop()
        for netns in self.namespaces:
            # Whatever still runs in our own namespaces was started by this lab (a daemon whose pid file never came).
            listed = subprocess.run(['ip', 'netns', 'pids', netns], stdout=subprocess.PIPE, universal_newlines=True,
                                    check=False).stdout.split()
            for pid in listed:
                try:
                    os.kill(int(pid), signal.SIGKILL)
                except (OSError, ValueError):
                    pass
            subprocess.run(['ip', 'netns', 'del', netns], check=False)
        shutil.rmtree(self.folder, ignore_errors=True)


def poll(probe, seconds, sleep=1.0):
    """Call probe() until it returns something true or `seconds` pass (counted in attempts, not clock reads of the
    assertion); returns the last value."""
    value = None
    for _attempt in range(int(seconds / sleep) + 1):
        value = probe()
        if value:
            return value
        time.sleep(sleep)
    return value
