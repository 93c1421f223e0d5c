# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudflare.cni developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
name: edge_config
short_description: Render the customer side of a Cloudflare Network Interconnect (CNI) as router configuration
version_added: 0.2.0
description:
  - Takes one CNI as M(cloudflare.cni.cni) or M(cloudflare.cni.cni_info) return it and renders what the customer's
    router needs for it, for FRR, Juniper Junos (set commands), Cisco IOS XE or Arista EOS.
  - The link - the interface with C(cust_ip) and the CNI's MTU.
  - The eBGP session, when the CNI has C(bgp) - local AS C(bgp.customer_asn), neighbour C(p2p_ip) with remote AS
    O(default_asn), the MD5 password when there is one, and prefix filters - accept from Cloudflare exactly the
    CNI's C(bgp.extra_prefixes), announce exactly O(prefixes).
  - Pure - it sends no request. The inputs are checked (addresses, prefixes, ASNs, MTU, MD5 key) and a bad one fails
    with a message that names it. The MD5 key is never part of the error message.
  - The text carries the MD5 key in clear, as routers need it; keep it out of logs (C(no_log)) and files readable
    only by you. M(cloudflare.cni.edge_config) writes the files with mode C(0600) and hides the key in C(--diff).
  - See the collection's C(docs/edge.md) for what the rendering relies on, with sources.
author:
  - cloudflare.cni developers (@cloudflare-cni)
positional: platform
options:
  _input:
    description: One CNI (a dict with C(id), C(interconnect), C(p2p_ip), C(cust_ip), C(magic), optionally C(bgp)
      and C(bgp_mode)).
    type: dict
    required: true
  platform:
    description: The router platform to render for.
    type: str
    required: true
    choices: [frr, junos, ios_xe, eos]
  default_asn:
    description:
      - The Cloudflare-side ASN, the account's C(default_asn) (see M(cloudflare.cni.settings)).
      - Required when the CNI has C(bgp).
    type: int
  prefixes:
    description:
      - Your own IPv4 prefixes to announce to Cloudflare, A.B.C.D/N without host bits. Nothing else is announced.
      - Empty - the session announces nothing.
    type: list
    elements: str
    default: []
  interface:
    description:
      - The router's interface on the CNI, for example V(eth1) (FRR), V(et-0/0/1) (Junos, unit 0 is used),
        V(TenGigabitEthernet0/0/1) (IOS XE) or V(Ethernet1) (EOS).
    type: str
    required: true
  md5_key:
    description:
      - The BGP MD5 key; defaults to the CNI's C(bgp.md5_key).
      - Needed when the CNI comes from M(cloudflare.cni.cni_info) or M(cloudflare.cni.cni), which mask the key, or
        when the API did not return it.
      - Without any key the session is rendered without authentication.
    type: str
  null_routes:
    description:
      - Also render a discard (null) static route for each of O(prefixes), so that the router announces them even
        when they are not in its routing table otherwise (an aggregate's anchor).
    type: bool
    default: false
seealso:
  - module: cloudflare.cni.edge_config
'''

EXAMPLES = r'''
- name: Read the CNI and the account's ASN
  cloudflare.cni.cni_info:
    conduit_name: ams-core-1
  register: found

- name: Read the settings
  cloudflare.cni.settings:
  register: cni_settings

- name: Render the FRR configuration of the CNI's customer side
  ansible.builtin.copy:
    dest: /etc/frr/cloudflare-ams-core-1.conf
    mode: '0600'
    content: >-
      {{ found.cnis[0] | cloudflare.cni.edge_config('frr',
           default_asn=cni_settings.settings.default_asn,
           prefixes=['192.0.2.0/24'],
           interface='eth1',
           md5_key=vault_cni_md5_keys['ams-core-1']) }}
  no_log: true
'''

RETURN = r'''
_value:
  description: The configuration text, one command per line, with comments naming the CNI and the syntax's source.
  type: str
  sample: |
    ! cloudflare.cni edge_config: the customer side of CNI ams-core-1 (...) on interconnect cni-ams01-1
    interface eth1
     ip address 100.64.0.1/31
    ...
'''

from ansible.errors import AnsibleFilterError
from ansible.utils.display import Display

from ansible_collections.cloudflare.cni.plugins.module_utils._edge import EdgeError, render

display = Display()


def edge_config(cni, platform, default_asn=None, prefixes=None, interface=None, md5_key=None, null_routes=False):
    try:
        text, warnings = render(cni, platform, default_asn=default_asn, prefixes=prefixes, interface=interface,
                                md5_key=md5_key, null_routes=null_routes)
    except EdgeError as exc:
        raise AnsibleFilterError('cloudflare.cni.edge_config: %s' % exc)
    for warning in warnings:
        display.warning('cloudflare.cni.edge_config: %s' % warning)
    return text


class FilterModule(object):
    def filters(self):
        return dict(edge_config=edge_config)
