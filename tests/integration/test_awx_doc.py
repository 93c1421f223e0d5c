# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudflare.cni developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""docs/awx.md section 4, run as it is written (its shell commands, in a scratch folder beside the checkout's
simulator and fixtures), with only the port changed; the recap it shows is the recap the job prints."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import os
import re
import socket
import subprocess

from harness import BIN, COLLECTIONS, ROOT


def section_four():
    with open(os.path.join(ROOT, 'docs', 'awx.md')) as handle:
        text = handle.read()
    section = text.split('## 4. Try a job locally with ansible-runner', 1)[1].split('\n## ', 1)[0]
    return section.split('```console\n', 1)[1].split('```', 1)[0]


def script_and_recap(block):
    """The block's commands as one shell script (continuation lines and here-documents kept), and its recap line."""
    commands, recap, lines = [], None, block.splitlines()
    index = 0
    while index < len(lines):
        line = lines[index]
        index += 1
        if not line.startswith('$ '):
            if line.startswith('localhost '):
                recap = line
            continue
        command = [line[2:]]
        while command[-1].endswith('\\'):
            command.append(lines[index])
            index += 1
        heredoc = re.search(r"<<'?(\w+)'?", command[0])
        if heredoc:
            while lines[index] != heredoc.group(1):
                command.append(lines[index])
                index += 1
            command.append(lines[index])
            index += 1
        commands.append('\n'.join(command))
    return 'set -e\n' + '\n'.join(commands) + '\n', recap


def free_port():
    with socket.socket() as sock:
        sock.bind(('127.0.0.1', 0))
        return sock.getsockname()[1]


def test_section_four_runs_verbatim_and_shows_the_recap_it_prints(tmp_path):
    script, recap = script_and_recap(section_four())
    assert 'ansible-runner run job -p site.yml' in script and recap
    for name in ('simulator', 'tests'):
        os.symlink(os.path.join(ROOT, name), str(tmp_path / name))
    env = dict((k, v) for k, v in os.environ.items() if not k.startswith('CLOUDFLARE_'))
    env.update(PATH=BIN + os.pathsep + env.get('PATH', ''), ANSIBLE_COLLECTIONS_PATH=COLLECTIONS,
               ANSIBLE_NOCOLOR='1', PWD=str(tmp_path))
    script = script.replace('8787', str(free_port()))
    completed = subprocess.run(['bash', '-c', script], cwd=str(tmp_path), env=env, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, universal_newlines=True, timeout=600, check=False)
    assert completed.returncode == 0, completed.stdout[-4000:]
    printed = [line for line in completed.stdout.splitlines() if line.startswith('localhost ')]
    assert printed, completed.stdout[-4000:]
    assert printed[-1].split() == recap.split(), completed.stdout[-4000:]
    assert [p.name.startswith('cni-ams01-') for p in (tmp_path / 'loa').iterdir()] == [True]
    assert 'sim-token' not in completed.stdout
