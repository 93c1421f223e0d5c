# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudflare.cni developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""tests/utils/stages.py, the runner of `make test`'s lanes: stage times, failures shown, pytest runs that
collected nothing never pass silently."""

import os
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / 'tests' / 'utils'))
import stages  # noqa: E402  pylint: disable=wrong-import-position,import-error


def fake_make(tmp_path, recipes):
    """A `make` stand-in: each target prints its recipe's text and exits with its code."""
    script = tmp_path / 'make'
    cases = ''.join("  %s) printf '%%s\\n' '%s'; exit %d;;\n" % (name, text, code) for name, (text, code) in recipes.items())
    script.write_text('#!/bin/sh\nshift\ncase "$1" in\n%sesac\n' % cases)
    os.chmod(str(script), 0o755)
    return str(script)


def run(tmp_path, capsys, recipes, *lanes):
    make = fake_make(tmp_path, recipes)
    rc = stages.main(['--logs', str(tmp_path / 'logs'), '--make', make] + list(lanes))
    return rc, capsys.readouterr().out


def test_all_stages_pass_and_the_output_ends_with_times_and_pytest_summaries(tmp_path, capsys):
    rc, out = run(tmp_path, capsys, {'units': ('12 passed in 3.21s', 0), 'lint': ('lint ok', 0)}, 'lint,units')
    assert rc == 0
    assert 'lint 0s  ->  units 0s' in out
    assert out.rstrip().splitlines()[-1] == 'units: 12 passed in 3.21s'


def test_a_pytest_run_that_collected_nothing_fails_even_with_exit_status_0(tmp_path, capsys):
    rc, out = run(tmp_path, capsys, {'units': ('no tests ran in 0.01s', 0)}, 'units')
    assert rc == 1
    assert 'units FAILED' in out and 'a pytest run collected no tests' in out


def test_a_pytest_stage_without_a_summary_fails(tmp_path, capsys):
    rc, out = run(tmp_path, capsys, {'integration': ('something else', 0)}, 'integration')
    assert rc == 1 and 'no pytest summary in its output' in out


def test_a_failed_stage_shows_its_log_and_stops_its_lane_only(tmp_path, capsys):
    rc, out = run(tmp_path, capsys, {'sanity': ('ERROR: pep8', 2), 'lint': ('lint ok', 0),
                                     'units': ('3 passed in 1.00s', 0)}, 'sanity,lint', 'units')
    assert rc == 1
    assert '===== sanity FAILED (exit 2): its output =====\nERROR: pep8' in out
    assert 'lint not run' in out
    assert out.rstrip().splitlines()[-1] == 'units: 3 passed in 1.00s'


def test_a_failed_install_runs_no_lane(tmp_path, capsys):
    rc, out = run(tmp_path, capsys, {'install': ('build failed', 2), 'units': ('3 passed in 1.00s', 0)},
                  '--before', 'install', 'units')
    assert rc == 1
    assert 'install FAILED' in out and 'units' not in out.split('===== stage times')[1]


def test_the_summaries_of_a_tox_run_name_their_environment(tmp_path, capsys):
    log = 'py311-ansible2.15: commands[1]> python -m pytest -q tests/unit\n4 passed in 1.00s\n'
    rc, out = run(tmp_path, capsys, {'matrix': (log, 0)}, 'matrix')
    assert rc == 0
    assert out.rstrip().splitlines()[-1] == 'matrix: py311-ansible2.15: 4 passed in 1.00s'
