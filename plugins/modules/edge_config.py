#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudflare.cni developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
module: edge_config
short_description: Write the customer-side router configuration of Cloudflare Network Interconnects (CNIs)
version_added: 0.2.0
description:
  - Reads the account's CNIs (by O(conduit_name) or O(conduit_names), those on one O(interconnect), or all) and its
    C(default_asn),
    and writes, for each CNI and each of O(platforms), the configuration that the customer's router needs for it
    into a file under O(dest) - C(<dest>/<conduit_name>.<platform>.conf).
  - "What a file holds: the interface with C(cust_ip) and the CNI's MTU; when the CNI has BGP, an eBGP session from
    C(bgp.customer_asn) to the account's C(default_asn) at C(p2p_ip), with the MD5 password, a filter that accepts
    from Cloudflare exactly the CNI's C(bgp.extra_prefixes) and one that announces exactly O(prefixes)."
  - The rendering is the one of the P(cloudflare.cni.edge_config#filter) filter. C(docs/edge.md) in the collection
    says what it relies on from Cloudflare's and the vendors' documentation.
  - Reads only; never sends a write request. A file is written only when its text changes (atomically, through a
    temporary file in the same folder), so a second run reports no change.
  - The MD5 key is written into the files (routers need it in clear), which get mode C(0600) unless O(mode) says
    otherwise; it never appears in the task's output or C(--diff).
  - The API does not always return C(bgp.md5_key). The key then comes from O(md5_keys); without it the session is
    rendered without a password and the task warns.
author:
  - cloudflare.cni developers (@cloudflare-cni)
extends_documentation_fragment:
  - cloudflare.cni.common
  - cloudflare.cni.attributes
  - ansible.builtin.files
attributes:
  check_mode:
    support: full
    description: Reads the CNIs and writes nothing; C(changed) and RV(files) say which files would change.
  diff_mode:
    support: full
    description: Shows each changed file's text before and after, with the MD5 key masked, and attribute changes.
options:
  conduit_name:
    description:
      - Only the CNI whose C(magic.conduit_name) is this. An unknown name fails.
      - Mutually exclusive with O(conduit_names) and O(interconnect). Without any of them, every CNI of the account.
    type: str
  conduit_names:
    description:
      - Only the CNIs with these conduit names (an empty list - none). Unknown names fail, listing them.
    type: list
    elements: str
  interconnect:
    description: Only the CNIs on the interconnect of this name (none is not an error).
    type: str
  platforms:
    description: The router platforms to write a configuration for (one file each per CNI).
    type: list
    elements: str
    required: true
    choices: [frr, junos, ios_xe, eos]
  dest:
    description:
      - The folder for the files; created (mode C(0700)) when missing.
    type: path
    required: true
  interface:
    description:
      - The router interface on the CNI, for example V(eth1) (FRR), V(et-0/0/1) (Junos, unit 0 is used),
        V(TenGigabitEthernet0/0/1) (IOS XE) or V(Ethernet1) (EOS).
      - O(interfaces) overrides it per CNI.
    type: str
    required: true
  interfaces:
    description: The interface of some CNIs, by conduit name, where it differs from O(interface).
    type: dict
    default: {}
  prefixes:
    description:
      - Your own IPv4 prefixes to announce to Cloudflare (A.B.C.D/N, no host bits). Nothing else is announced.
    type: list
    elements: str
    default: []
  md5_keys:
    description:
      - MD5 keys by conduit name, for CNIs whose key the API does not return.
      - A key that the API returns is used instead (the task warns when the two differ).
    type: dict
    default: {}
  null_routes:
    description:
      - Also write a discard (null) static route for each of O(prefixes), so that the router announces them even
        when they are not otherwise in its routing table.
    type: bool
    default: false
seealso:
  - plugin: cloudflare.cni.edge_config
    plugin_type: filter
  - module: cloudflare.cni.cni_info
'''

EXAMPLES = r'''
- name: Write the FRR and Junos configuration of every CNI
  cloudflare.cni.edge_config:
    platforms: [frr, junos]
    dest: /srv/router-configs
    interface: eth1
    prefixes:
      - 192.0.2.0/24
  register: edge

- name: One CNI, keys from the vault (the API may not return them)
  cloudflare.cni.edge_config:
    conduit_name: ams-core-1
    platforms: [ios_xe]
    dest: /srv/router-configs
    interface: TenGigabitEthernet0/0/1
    prefixes: "{{ announced_prefixes }}"
    md5_keys: "{{ vault_cni_md5_keys }}"

- name: Show which files changed
  ansible.builtin.debug:
    msg: "{{ edge.files | selectattr('changed') | map(attribute='path') | list }}"
'''

RETURN = r'''
dest:
  description: The folder of the files.
  returned: success
  type: str
  sample: /srv/router-configs
files:
  description: One entry per CNI and platform (the configuration text itself is not returned, it holds the MD5 key).
  returned: success
  type: list
  elements: dict
  contains:
    path:
      description: The file.
      type: str
      sample: /srv/router-configs/ams-core-1.frr.conf
    platform:
      description: The platform.
      type: str
      sample: frr
    conduit_name:
      description: The CNI's conduit name.
      type: str
      sample: ams-core-1
    id:
      description: The CNI's id.
      type: str
    changed:
      description: Whether the file's text (or attributes) changed (in check mode, would change).
      type: bool
    checksum:
      description: SHA-1 checksum of the file's text.
      type: str
'''

import os

from ansible.module_utils.common.text.converters import to_bytes, to_text
from ansible.module_utils.six import string_types

from ansible_collections.cloudflare.cni.plugins.module_utils import _edge as edge
from ansible_collections.cloudflare.cni.plugins.module_utils._base import CniModule
from ansible_collections.cloudflare.cni.plugins.module_utils._cni import conduit_name, md5_key_problem, select
from ansible_collections.cloudflare.cni.plugins.module_utils._files import atomic_write, text_sha1

DEFAULT_MODE = '0600'


class EdgeConfigModule(CniModule):
    argument_spec = dict(
        conduit_name=dict(type='str'),
        conduit_names=dict(type='list', elements='str'),
        interconnect=dict(type='str'),
        platforms=dict(type='list', elements='str', required=True, choices=list(edge.PLATFORMS)),
        dest=dict(type='path', required=True),
        interface=dict(type='str', required=True),
        interfaces=dict(type='dict', default={}),
        prefixes=dict(type='list', elements='str', default=[]),
        md5_keys=dict(type='dict', default={}, no_log=True),
        null_routes=dict(type='bool', default=False),
    )
    module_rules = dict(add_file_common_args=True, mutually_exclusive=[('conduit_name', 'conduit_names', 'interconnect')])

    def validate(self):
        try:
            edge.check_interface(self.params['interface'], 'interface')
            for name, value in self.params['interfaces'].items():
                edge.check_interface(value, 'interfaces[%s]' % name)
            edge.parse_prefixes(self.params['prefixes'], 'prefixes', strict=True)
        except edge.EdgeError as exc:
            self.fail_option(exc.option, str(exc).split(': ', 1)[1])
        for name, key in self.params['md5_keys'].items():
            problem = md5_key_problem(key) if isinstance(key, string_types) else 'must be a string'
            if problem:
                self.fail_option('md5_keys[%s]' % name, problem)
        if not self.params['platforms']:
            self.fail_option('platforms', 'must name at least one platform')
        dest = self.params['dest']
        if os.path.exists(dest) and not os.path.isdir(dest):
            self.fail_option('dest', '%s exists and is not a folder' % dest)
        if not os.path.isdir(dest) and not os.path.isdir(os.path.dirname(os.path.abspath(dest))):
            self.fail_option('dest', 'the parent folder of %s does not exist' % dest)
        self.dest = os.path.abspath(dest)

    def run(self):
        default_asn = self.client.get(self.path('settings')).get('default_asn')
        cnis = select(self.client.list_all(self.path('cnis')), interconnect=self.params['interconnect'],
                      name=self.params['conduit_name'])
        if self.params['conduit_name'] and not cnis:
            self.fail_option('conduit_name', 'no CNI of the account has the conduit name %s' % self.params['conduit_name'])
        wanted = self.params['conduit_names']
        if wanted is not None:
            cnis = [c for c in cnis if conduit_name(c) in wanted]
            unknown = sorted(set(wanted) - set(conduit_name(c) for c in cnis))
            if unknown:
                self.fail_option('conduit_names', 'no CNI of the account has the conduit name(s) %s' % ', '.join(unknown))
        rendered = self.render_all(cnis, default_asn)
        changed = False
        if not os.path.isdir(self.dest):
            changed = True
            if not self.check_mode:
                os.makedirs(self.dest, 0o700)
        files, diffs = [], []
        for cni, platform, path, text in rendered:
            entry_changed = self.converge(path, platform, text, diffs)
            changed = changed or entry_changed
            files.append(dict(path=path, platform=platform, conduit_name=conduit_name(cni), id=cni.get('id'),
                              changed=entry_changed, checksum=text_sha1(to_bytes(text))))
        self.result.update(changed=changed, dest=self.dest, files=files)
        if self.module._diff:
            self.result['diff'] = diffs

    def render_all(self, cnis, default_asn):
        """Every file's text, or a failure naming the CNI before anything is written."""
        rendered, paths = [], {}
        self.keyless = []
        for cni in cnis:
            name = conduit_name(cni) or cni.get('id')
            key = self.md5_key(cni, name)
            interface = self.params['interfaces'].get(name, self.params['interface'])
            for platform in self.params['platforms']:
                try:
                    text, warnings = edge.render(cni, platform, default_asn=default_asn, prefixes=self.params['prefixes'],
                                                 interface=interface, md5_key=key,
                                                 null_routes=self.params['null_routes'])
                except edge.EdgeError as exc:
                    self.fail('CNI %s (%s): %s' % (name, cni.get('id'), exc), option=exc.option, cni=cni.get('id'))
                for warning in warnings:
                    self.module.warn(warning)
                path = os.path.join(self.dest, '%s.%s.conf' % (edge.name_part(name), platform))
                if path in paths:
                    self.fail('CNIs %s and %s would both be written to %s: their conduit names differ only in characters '
                              'that file names leave out' % (paths[path], name, path))
                paths[path] = name
                rendered.append((cni, platform, path, text))
        if self.keyless:
            self.module.warn('The API returned no MD5 key for CNI(s) %s and md5_keys has none for them: their BGP '
                             'sessions are rendered without a password' % ', '.join(self.keyless))
        return rendered

    def md5_key(self, cni, name):
        bgp = cni.get('bgp') or {}
        returned, given = bgp.get('md5_key'), self.params['md5_keys'].get(name)
        if returned:
            self.module.no_log_values.add(returned)
            if given is not None and given != returned:
                self.module.warn('md5_keys[%s] differs from the MD5 key that the API returned for the CNI; the API\'s '
                                 'key is used' % name)
            return returned
        if given is None and cni.get('bgp'):
            self.keyless.append(name)
        return given

    def converge(self, path, platform, text, diffs):
        before = None
        if os.path.exists(path):
            with open(path, 'rb') as handle:
                before = to_text(handle.read(), errors='surrogate_or_replace')
        changed = before != text
        if changed:
            diffs.append(dict(before_header=path, after_header=path,
                              before=edge.mask(before, platform) if before is not None else '',
                              after=edge.mask(text, platform, changed_from=before)))
            if not self.check_mode:
                atomic_write(self.module, path, to_bytes(text), private=True)
        if os.path.exists(path):
            params = dict(self.params)
            if params['mode'] is None:
                params['mode'] = DEFAULT_MODE
            attributes = dict(before={}, after={})
            file_args = self.module.load_file_common_arguments(params, path=path)
            changed = self.module.set_fs_attributes_if_different(file_args, changed, diff=attributes)
            if attributes['before'] or attributes['after']:
                diffs.append(dict(before_header='%s (attributes)' % path, after_header='%s (attributes)' % path,
                                  before=attributes['before'], after=attributes['after']))
        return changed


def main():
    EdgeConfigModule.main()


if __name__ == '__main__':
    main()
