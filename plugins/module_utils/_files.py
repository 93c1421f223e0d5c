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


def atomic_write(module, dest, data, private=False):
    """Write bytes through a temporary file in the destination's folder, then move it into place atomically.

    With `private`, a new file is never readable by others, not even for a moment: the temporary file (mode 0600
    from mkstemp) is renamed into place as it is, where Ansible's atomic_move would first give it 0666 less the
    umask; the module then applies the mode it wants."""
    handle, temporary = tempfile.mkstemp(prefix='.%s.' % os.path.basename(dest), suffix='.tmp',
                                         dir=os.path.dirname(dest))
    try:
        with os.fdopen(handle, 'wb') as out:
            out.write(data)
        if private and not os.path.exists(dest):
            os.rename(temporary, dest)
        else:
            module.atomic_move(temporary, dest, unsafe_writes=module.params['unsafe_writes'])
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)


def text_sha1(data):
    """The SHA-1 of bytes, as file_sha1 gives it for a file."""
    return hashlib.sha1(data).hexdigest()
