# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudflare.cni developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Run `make test`'s stages in parallel lanes and say how long each took.

Usage: python tests/utils/stages.py --logs DIR [--before STAGE,...] LANE [LANE ...]
The --before stages run first (the install), one after the other. A LANE is a comma-separated list of make
targets run one after the other; lanes run at the same time. Each stage's output goes to DIR/<stage>.log; a failed
stage's log is printed in full at the end. The output ends with the time of every stage, the load of the machine,
and the summary line of every pytest run: a stage that runs pytest (units, integration, matrix) fails when a pytest
run in it reported no tests or no summary at all.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import argparse
import os
import re
import subprocess
import sys
import threading
import time

PYTEST_STAGES = ('units', 'integration', 'matrix')
# pytest -q's last line ("12 passed, 1 skipped in 3.21s (0:00:03)"), with or without the ===== frame
SUMMARY = re.compile(r'^(?:=+ )?(?:\d+ (?:passed|failed|errors?|skipped|deselected|xfailed|xpassed|warnings?|rerun)'
                     r'(?:, )?)+ in [\d.]+s\b.*$|^(?:=+ )?no tests ran\b.*$')

# tox's line before each command it runs: "py311-ansible2.15: commands[2]> python -m pytest ..."
TOX_COMMAND = re.compile(r'^(\S+): commands\[\d+\]> ')


def load():
    try:
        with open('/proc/loadavg') as handle:
            return ' '.join(handle.read().split()[:3])
    except OSError:
        return '?'


class Stage(object):
    def __init__(self, name, logs):
        self.name = name
        self.log = os.path.join(logs, name + '.log')
        self.seconds = None
        self.rc = None
        self.note = ''

    def summaries(self):
        """pytest's summary lines, each after the tox environment it ran in, if any (`py311-ansible2.15: ...`)."""
        found, env = [], None
        with open(self.log, errors='replace') as handle:
            for line in handle:
                line = line.strip()
                started = TOX_COMMAND.match(line)
                if started:
                    env = started.group(1)
                elif SUMMARY.match(line):
                    found.append('%s: %s' % (env, line) if env else line)
        return found

    def check_pytest(self):
        """A pytest stage needs pytest's summary line, and none that says no test ran."""
        if self.name not in PYTEST_STAGES or self.rc != 0:
            return
        summaries = self.summaries()
        if not summaries:
            self.rc, self.note = 1, 'no pytest summary in its output'
        elif any('no tests ran' in line or ' passed' not in line for line in summaries):
            self.rc, self.note = 1, 'a pytest run collected no tests'


def run_lane(stages, make, started, lock, env=None):
    for stage in stages:
        begin = time.monotonic()
        with lock:
            print('[%6.0fs] %-12s started (load %s)' % (begin - started, stage.name, load()), flush=True)
        with open(stage.log, 'w') as log:
            stage.rc = subprocess.call(make + [stage.name], stdout=log, stderr=subprocess.STDOUT,
                                       stdin=subprocess.DEVNULL, env=env)
        stage.seconds = time.monotonic() - begin
        stage.check_pytest()
        with lock:
            print('[%6.0fs] %-12s %s in %.0fs%s (log: %s)' % (time.monotonic() - started, stage.name,
                                                              'passed' if stage.rc == 0 else 'FAILED',
                                                              stage.seconds, ' - ' + stage.note if stage.note else '',
                                                              stage.log), flush=True)
        if stage.rc != 0:
            return  # the rest of this lane depends on nothing here, but a red run should end soon


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.strip().splitlines()[0])
    parser.add_argument('--logs', required=True)
    parser.add_argument('--make', default=os.environ.get('MAKE', 'make'))
    parser.add_argument('--before', default='', help='comma-separated stages run first, before the lanes start')
    parser.add_argument('lanes', nargs='+')
    args = parser.parse_args(argv)
    os.makedirs(args.logs, exist_ok=True)
    lanes = [[Stage(name, args.logs) for name in lane.split(',') if name] for lane in args.lanes]
    before = [Stage(name, args.logs) for name in args.before.split(',') if name]
    make = [args.make, '--no-print-directory']
    started, lock = time.monotonic(), threading.Lock()
    first_load = load()
    if before:
        run_lane(before, make, started, lock)
        if any(stage.rc != 0 for stage in before):
            lanes = []
    # the stages of the lanes know the collection is installed: they must not rebuild it under the others' feet
    env = dict(os.environ, CNI_INSTALLED='1')
    threads = [threading.Thread(target=run_lane, args=(lane, make, started, lock, env)) for lane in lanes]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    stages = before + [stage for lane in lanes for stage in lane]
    failed = [stage for stage in stages if stage.rc != 0]
    for stage in failed:
        if stage.rc is None:
            continue
        note = ', ' + stage.note if stage.note else ''
        print('\n===== %s FAILED (exit %s%s): its output =====' % (stage.name, stage.rc, note))
        with open(stage.log, errors='replace') as handle:
            sys.stdout.write(handle.read())
    print('\n===== stage times (%d lanes in parallel; load average %s at the start, %s at the end; %d CPUs) ====='
          % (len(lanes), first_load, load(), os.cpu_count() or 0))
    for lane in ([before] if before else []) + lanes:
        print('  ' + '  ->  '.join('%s %s' % (s.name, 'not run' if s.rc is None else '%.0fs%s' % (
            s.seconds, '' if s.rc == 0 else ' FAILED')) for s in lane))
    print('  wall clock: %.0fs' % (time.monotonic() - started))
    if os.environ.get('CNI_CI_STARTED', '').isdigit():
        print('  since .ci/run started: %.0fs' % (time.time() - int(os.environ['CNI_CI_STARTED'])))
    print('===== pytest summaries =====')
    for stage in stages:
        if stage.name in PYTEST_STAGES and stage.rc is not None:
            for line in stage.summaries():
                print('%s: %s' % (stage.name, line))
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
