#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudflare.cni developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
module: cni_info
short_description: List Cloudflare Network Interconnect (CNI) links
version_added: 0.1.0
description:
  - Returns one CNI by O(id), or every CNI of the account that matches the filters, reading every page of the list.
  - O(slot) and O(tunnel_id) are filtered by the API; O(interconnect) and O(conduit_name) by the module.
  - No match gives an empty list, not an error; an unknown O(id) fails.
author:
  - cloudflare.cni developers (@cloudflare-cni)
extends_documentation_fragment:
  - cloudflare.cni.common
  - cloudflare.cni.attributes
  - cloudflare.cni.attributes.info_module
options:
  id:
    description: The CNI's UUID. Mutually exclusive with the filters.
    type: str
  interconnect:
    description: Only CNIs on the interconnect of this name.
    type: str
  slot:
    description: Only CNIs on the C(direct) interconnect in this slot (a slot UUID).
    type: str
  tunnel_id:
    description: Only CNIs associated with this tunnel id.
    type: str
  conduit_name:
    description: Only the CNI whose C(magic.conduit_name) is this.
    type: str
'''

EXAMPLES = r'''
- name: List every CNI of the account
  cloudflare.cni.cni_info:
  register: all_cnis

- name: CNIs on one interconnect
  cloudflare.cni.cni_info:
    interconnect: cni-ams01-1
  register: ams_cnis

- name: One CNI by its name
  cloudflare.cni.cni_info:
    conduit_name: ams-core-1
  register: ams_core_1
'''

RETURN = r'''
cnis:
  description: The matching CNIs (C(bgp.md5_key) masked). Empty when nothing matches.
  returned: success
  type: list
  elements: dict
  contains:
    id:
      description: The CNI's UUID.
      type: str
    account:
      description: Account tag.
      type: str
    interconnect:
      description: Name of the interconnect that carries the CNI.
      type: str
    p2p_ip:
      description: Cloudflare's end of the point-to-point /31.
      type: str
    cust_ip:
      description: The customer's end of the point-to-point /31.
      type: str
    magic:
      description: The link settings (C(conduit_name), C(description), C(mtu)).
      type: dict
    bgp:
      description: The BGP settings (C(customer_asn), C(extra_prefixes), C(md5_key) masked).
      type: dict
      returned: when the CNI has BGP
    bgp_mode:
      description: V(dynamic_route_exchange) (full BGP) or V(advertise_only) (static advertisement), when the API returns it.
      type: str
      returned: when the API returns it
'''

from ansible_collections.cloudflare.cni.plugins.module_utils._base import CniModule
from ansible_collections.cloudflare.cni.plugins.module_utils._cni import hide_md5_keys, redact, select

FILTERS = ('interconnect', 'slot', 'tunnel_id', 'conduit_name')


class CniInfoModule(CniModule):
    resource_key = 'cnis'
    argument_spec = dict(
        id=dict(type='str'),
        interconnect=dict(type='str'),
        slot=dict(type='str'),
        tunnel_id=dict(type='str'),
        conduit_name=dict(type='str'),
    )
    module_rules = dict(mutually_exclusive=[('id', name) for name in FILTERS])

    def validate(self):
        for option in ('id', 'slot'):
            self.check_uuid(option, self.params[option])

    def run(self):
        if self.params['id']:
            found = [self.client.get(self.path('cnis', self.params['id']))]
        else:
            query = dict(slot=self.params['slot'], tunnel_id=self.params['tunnel_id'])
            found = select(self.client.list_all(self.path('cnis'), query),
                           interconnect=self.params['interconnect'], name=self.params['conduit_name'])
        self.result['cnis'] = [redact(cni) for cni in hide_md5_keys(self.module, found)]


def main():
    CniInfoModule.main()


if __name__ == '__main__':
    main()
