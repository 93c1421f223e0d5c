# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudflare.cni developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Files the modules write: a router configuration (it carries MD5 keys) is never readable by others, not even for
the moment between its move into place and the module setting its mode."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import os
import stat

from ansible_collections.cloudflare.cni.plugins.module_utils._files import atomic_write, file_sha1, text_sha1


class ModuleThatMovesLikeAnsible(object):
    """What AnsibleModule.atomic_move does to a NEW file: it ends up with 0666 less the umask."""

    params = dict(unsafe_writes=False)

    def atomic_move(self, src, dest, unsafe_writes=False):
        os.rename(src, dest)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(dest, 0o666 & ~umask)


def mode_of(path):
    return stat.S_IMODE(os.stat(str(path)).st_mode)


def test_a_new_private_file_is_moved_into_place_readable_by_its_owner_only(tmp_path):
    dest = tmp_path / 'ams-core-1.frr.conf'
    atomic_write(ModuleThatMovesLikeAnsible(), str(dest), b'neighbor 100.64.0.0 password secret\n', private=True)
    assert dest.read_bytes() == b'neighbor 100.64.0.0 password secret\n'
    assert mode_of(dest) == 0o600
    assert [p.name for p in tmp_path.iterdir()] == [dest.name]  # no temporary file left behind


def test_a_new_file_that_is_not_private_gets_what_ansible_gives_it(tmp_path):
    dest = tmp_path / 'cni-ams01-1.pdf'
    atomic_write(ModuleThatMovesLikeAnsible(), str(dest), b'%PDF-1.4\n')
    assert mode_of(dest) & 0o044  # readable by others under the usual umask (022): the LOA is no secret


def test_an_existing_file_is_replaced_through_ansible_which_keeps_its_mode(tmp_path):
    dest = tmp_path / 'ams-core-1.frr.conf'
    dest.write_bytes(b'old\n')
    os.chmod(str(dest), 0o640)

    class KeepsMode(ModuleThatMovesLikeAnsible):
        def atomic_move(self, src, dest, unsafe_writes=False):
            os.chmod(src, mode_of(dest))
            os.rename(src, dest)

    atomic_write(KeepsMode(), str(dest), b'new\n', private=True)
    assert dest.read_bytes() == b'new\n' and mode_of(dest) == 0o640


def test_the_checksum_of_bytes_is_the_checksum_of_the_file_holding_them(tmp_path):
    dest = tmp_path / 'f'
    dest.write_bytes(b'some bytes')
    assert text_sha1(b'some bytes') == file_sha1(str(dest))
