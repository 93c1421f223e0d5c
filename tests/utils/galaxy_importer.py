# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudflare.cni developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""`make importer`: run galaxy-importer (Galaxy's import checks) on the built collection tarball.

    .build/venv-importer/bin/python tests/utils/galaxy_importer.py TARBALL

Runs with the Python of galaxy-importer's own venv, whose ansible-doc, ansible-lint and flake8 come first on PATH,
and with tests/utils/galaxy_importer.cfg (ansible-test off: it needs a container). galaxy-importer reports problems
as ERROR/WARNING lines and still says it completed; here any such line fails the check.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
CONFIG = os.path.join(HERE, 'galaxy_importer.cfg')
DONE = 'Importer processing completed successfully'


def main(argv):
    if len(argv) != 2 or not os.path.isfile(argv[1]):
        sys.exit('usage: %s TARBALL' % argv[0])
    tarball = os.path.abspath(argv[1])
    env = dict(os.environ, GALAXY_IMPORTER_CONFIG=CONFIG)
    env['PATH'] = os.path.dirname(sys.executable) + os.pathsep + env.get('PATH', '')
    for name in ('ANSIBLE_COLLECTIONS_PATH', 'ANSIBLE_COLLECTIONS_PATHS', 'ANSIBLE_CONFIG'):
        env.pop(name, None)  # galaxy-importer points ansible-doc and ansible-lint at its own extracted copy
    with tempfile.TemporaryDirectory(prefix='galaxy-importer-') as workdir:  # it writes importer_result.json there
        completed = subprocess.run([sys.executable, '-m', 'galaxy_importer.main', tarball], cwd=workdir, env=env,
                                   stdout=subprocess.PIPE, stderr=subprocess.STDOUT, universal_newlines=True,
                                   check=False)
        print(completed.stdout.rstrip())
        result_file = os.path.join(workdir, 'importer_result.json')
        if os.path.isfile(result_file):
            with open(result_file) as handle:
                result = json.load(handle)
            contents = ', '.join('%s %s' % (item['content_type'], item['name']) for item in result.get('contents', []))
            print('galaxy-importer: %s.%s %s: %s' % (
                result['metadata']['namespace'], result['metadata']['name'], result['metadata']['version'], contents))
    problems = [line for line in completed.stdout.splitlines() if line.startswith(('ERROR', 'WARNING'))]
    if completed.returncode != 0 or DONE not in completed.stdout or problems:
        sys.exit('galaxy-importer: the import reported %d problem(s) (exit %d)' % (len(problems), completed.returncode))
    print('galaxy-importer: clean import of %s' % os.path.basename(tarball))


if __name__ == '__main__':
    main(sys.argv)
