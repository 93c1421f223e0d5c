#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudflare.cni developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
module: interconnect_loa
short_description: Save the Letter of Authorization (LOA) of a direct Cloudflare Network Interconnect
version_added: 0.1.0
description:
  - Downloads the Letter of Authorization and Connecting Facility Assignment (LOA/CFA) of a C(direct)
    interconnect, the PDF that the facility needs to make the cross-connect, and writes it to O(dest).
  - Checks that the answer is a PDF, writes it atomically (through a temporary file in the same folder), and
    reports a change only when the file's bytes (or its attributes) change.
  - A C(gcp_partner) interconnect has no LOA; asking for one fails without downloading anything.
  - O(dest), O(loa_name) and the file attributes (O(mode), O(owner), O(group)) are checked before anything is
    downloaded or written; a folder that cannot be written fails naming O(dest).
  - Runs where the module runs (usually the controller, with C(delegate_to) or a C(localhost) play).
author:
  - cloudflare.cni developers (@cloudflare-cni)
extends_documentation_fragment:
  - cloudflare.cni.common
  - ansible.builtin.files
attributes:
  check_mode:
    support: full
    description: Downloads the LOA (a read) and writes nothing; C(changed) says whether the file would change.
  diff_mode:
    support: partial
    description: Shows the checksum and size of the file before and after, and the attributes that change; not the PDF's content.
  platform:
    support: full
    platforms: posix
    description: Runs wherever Python and C(requests) are, usually the controller.
options:
  name:
    description: The name of the C(direct) interconnect, for example V(cni-ams01-1). An unknown name fails.
    type: str
    required: true
  dest:
    description:
      - Path of the PDF file to write.
      - When it is an existing directory, the file is C(<dest>/<name>.pdf).
      - Its folder must exist.
    type: path
    required: true
  loa_name:
    description:
      - The name printed on the LOA instead of the account's name (the API's C(name) query parameter), at most 200
        characters.
      - The LOA with another name is another file, so changing O(loa_name) rewrites it.
    type: str
seealso:
  - module: cloudflare.cni.interconnect
'''

EXAMPLES = r'''
- name: Save the LOA next to the other facility documents
  cloudflare.cni.interconnect_loa:
    name: cni-ams01-1
    dest: /srv/loa/cni-ams01-1.pdf
    mode: '0640'

- name: Save an LOA that names the company that orders the cross-connect
  cloudflare.cni.interconnect_loa:
    name: cni-ams01-1
    dest: /srv/loa/cni-ams01-1-example-bv.pdf
    loa_name: Example B.V.

- name: Save the LOA of a new interconnect into a folder (written as <folder>/<name>.pdf)
  cloudflare.cni.interconnect_loa:
    name: "{{ ams.interconnect.name }}"
    dest: /srv/loa/
  register: loa

- name: Show where it went
  ansible.builtin.debug:
    msg: "LOA saved to {{ loa.dest }} ({{ loa.size }} bytes)"
'''

RETURN = r'''
dest:
  description: The path of the PDF file.
  returned: success
  type: str
  sample: /srv/loa/cni-ams01-1.pdf
checksum:
  description: SHA-1 checksum of the LOA, in hex.
  returned: success
  type: str
  sample: 6e642bb8dd5c2e027bf21dd923337cbb4214f827
size:
  description: Size of the LOA in bytes.
  returned: success
  type: int
  sample: 1320
'''

import grp
import os
import pwd

from ansible_collections.cloudflare.cni.plugins.module_utils import _compare as compare
from ansible_collections.cloudflare.cni.plugins.module_utils._base import CniModule
from ansible_collections.cloudflare.cni.plugins.module_utils._files import atomic_write, file_sha1, text_sha1
from ansible_collections.cloudflare.cni.plugins.module_utils._interconnect import InterconnectApi

PDF_MAGIC = b'%PDF-'
LOA_NAME_MAX = 200


class InterconnectLoaModule(CniModule):
    argument_spec = dict(
        name=dict(type='str', required=True),
        dest=dict(type='path', required=True),
        loa_name=dict(type='str'),
    )
    module_rules = dict(add_file_common_args=True)

    def validate(self):
        self.check_text('name', self.params['name'])
        self.check_text('loa_name', self.params['loa_name'], maximum=LOA_NAME_MAX)
        dest = self.params['dest']
        if dest is None or not dest.strip():
            self.fail_option('dest', 'must be the path of the PDF file to write, or an existing folder to write '
                                     '<name>.pdf into; it is empty')
        if os.path.isdir(dest):
            dest = os.path.join(dest, '%s.pdf' % self.params['name'])
        folder = os.path.dirname(dest) or '.'
        if not os.path.isdir(folder):
            self.fail_option('dest', 'the folder %s does not exist' % folder)
        if os.path.isdir(dest):
            self.fail_option('dest', '%s is a directory' % dest)
        self.dest = os.path.abspath(dest)
        self.check_file_attributes(folder)

    def check_file_attributes(self, folder):
        """Refuse a mode, owner or group that could not be applied, before the file is written."""
        mode, owner, group = self.params['mode'], self.params['owner'], self.params['group']
        if mode is not None:
            try:
                if isinstance(mode, int):
                    value = mode
                else:
                    try:
                        value = int(mode, 8)
                    except ValueError:
                        value = self.module._symbolic_mode_to_octal(os.stat(folder), mode)
                valid = 0 <= value <= 0o7777
            except (ValueError, TypeError, OverflowError):
                valid = False
            if not valid:
                self.fail_option('mode', 'must be an octal mode such as 0640 or a symbolic one such as u=rw,g=r, got %r'
                                 % (mode,))
        for option, database in (('owner', pwd.getpwnam), ('group', grp.getgrnam)):
            value = self.params[option]
            if value is not None and not str(value).isdigit():
                try:
                    database(value)
                except KeyError:
                    self.fail_option(option, 'no %s named %s on this host' % ('user' if option == 'owner' else 'group',
                                                                              value))

    def run(self):
        api = InterconnectApi(self.client, self.path)
        name = self.params['name']
        interconnect = self.client.get(self.path('interconnects', name))
        if interconnect.get('type') != 'direct':
            self.fail('interconnect %s is a %s interconnect: there is no LOA for %s interconnects, only for direct ones'
                      % (name, interconnect.get('type'), interconnect.get('type')), interconnect=name)
        data = api.loa(name, self.params['loa_name'])
        if not data.startswith(PDF_MAGIC):
            self.fail('GET %s: the answer is not a PDF (%d bytes starting with %r)'
                      % (self.path('interconnects', name, 'loa'), len(data), data[:16]), interconnect=name)
        checksum = text_sha1(data)
        exists = os.path.exists(self.dest)
        before = dict(checksum=file_sha1(self.dest), size=os.path.getsize(self.dest)) if exists else {}
        after = dict(checksum=checksum, size=len(data))
        changed = before != after
        diff = compare.diff(before if exists else None, after)
        if changed and not self.check_mode:
            try:
                atomic_write(self.module, self.dest, data)
            except (IOError, OSError) as exc:
                self.fail_option('dest', 'cannot write %s: %s' % (self.dest, exc.strerror or exc))
        if exists or not self.check_mode:
            file_args = self.module.load_file_common_arguments(self.params, path=self.dest)
            changed = self.module.set_fs_attributes_if_different(file_args, changed, diff=diff)
        self.result.update(changed=changed, dest=self.dest, checksum=checksum, size=len(data))
        if self.module._diff:
            self.result['diff'] = diff


def main():
    InterconnectLoaModule.main()


if __name__ == '__main__':
    main()
