# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudflare.cni developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# Private module_utils of cloudflare.cni: not a public API, may change in any release.
# Files that modules write on the controller (an LOA, router configurations): checksums and atomic writes.

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import hashlib
import os
import tempfile


def file_sha1(path):
    digest = hashlib.sha1()
    with open(path, 'rb') as handle:
        for block in iter(lambda: handle.read(65536), b''):
            digest.update(block)
    return digest.hexdigest()


def atomic_write(module, dest, data):
    """Write bytes through a temporary file in the destination's folder, then move it into place atomically."""
    handle, temporary = tempfile.mkstemp(prefix='.%s.' % os.path.basename(dest), suffix='.tmp',
                                         dir=os.path.dirname(dest))
    try:
        with os.fdopen(handle, 'wb') as out:
            out.write(data)
        module.atomic_move(temporary, dest, unsafe_writes=module.params['unsafe_writes'])
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)
