#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudflare.cni developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
module: interconnect_info
short_description: List Cloudflare Network Interconnects
version_added: 0.1.0
description:
  - Returns one interconnect by O(name), or every interconnect of the account that matches the filters, reading
    every page of the list.
  - O(type) is applied by the API, O(site) by the module, case-insensitively (V(AMS01) finds V(ams01)). No match
    gives an empty list, not an error; an unknown O(name) fails (names are case-sensitive).
author:
  - cloudflare.cni developers (@cloudflare-cni)
extends_documentation_fragment:
  - cloudflare.cni.common
  - cloudflare.cni.attributes
  - cloudflare.cni.attributes.info_module
options:
  name:
    description:
      - The interconnect's name, for example V(cni-ams01-1). An unknown name fails.
      - Mutually exclusive with the filters.
    type: str
  site:
    description: Only interconnects at this Cloudflare site, for example V(ams01) (only C(direct) ones have a site).
    type: str
  type:
    description: Only interconnects of this type.
    type: str
    choices: [direct, gcp_partner]
seealso:
  - module: cloudflare.cni.interconnect
  - module: cloudflare.cni.interconnect_status
'''

EXAMPLES = r'''
- name: List every interconnect of the account
  cloudflare.cni.interconnect_info:
  register: all_interconnects

- name: List the direct interconnects in Amsterdam
  cloudflare.cni.interconnect_info:
    site: ams01
    type: direct
  register: ams

- name: Read one interconnect
  cloudflare.cni.interconnect_info:
    name: cni-ams01-1
  register: one

- name: Show the names
  ansible.builtin.debug:
    msg: "{{ all_interconnects.interconnects | map(attribute='name') | list }}"
'''

RETURN = r'''
interconnects:
  description: The matching interconnects, in the API's order. Empty when nothing matches.
  returned: success
  type: list
  elements: dict
  contains:
    name:
      description: The interconnect's name, used by the other modules.
      type: str
      sample: cni-ams01-1
    virtual_port_reservation_id:
      description: The reservation of Cloudflare's virtual port, as the API gives it.
      type: str
      returned: when the API returns it
    ccr_device_name:
      description: The Cloudflare device that the interconnect is on, as the API gives it.
      type: str
      returned: when the API returns it
    type:
      description: V(direct) or V(gcp_partner).
      type: str
      sample: direct
    account:
      description: The account of the interconnect.
      type: str
    owner:
      description: The owning account, when the API says.
      type: str
      returned: when set
    slot_id:
      description: The slot of a V(direct) interconnect.
      type: str
      returned: when type is direct
    site:
      description: The Cloudflare site of a V(direct) interconnect.
      type: str
      returned: when type is direct
      sample: ams01
    speed:
      description: The port speed (V(direct)) or bandwidth (V(gcp_partner)).
      type: str
      sample: 10G
    facility:
      description: The facility of a V(direct) interconnect.
      type: dict
      returned: when type is direct
      contains:
        name:
          description: The facility's name.
          type: str
        address:
          description: The facility's address, one line per element.
          type: list
          elements: str
    region:
      description: The GCP region of a V(gcp_partner) interconnect.
      type: str
      returned: when type is gcp_partner
      sample: europe-west4
'''

from ansible_collections.cloudflare.cni.plugins.module_utils._base import CniModule
from ansible_collections.cloudflare.cni.plugins.module_utils._interconnect import TYPES, InterconnectApi

FILTERS = ('site', 'type')


class InterconnectInfoModule(CniModule):
    resource_key = 'interconnects'
    argument_spec = dict(
        name=dict(type='str'),
        site=dict(type='str'),
        type=dict(type='str', choices=list(TYPES)),
    )
    module_rules = dict(mutually_exclusive=[('name', option) for option in FILTERS])

    def validate(self):
        for option in ('name', 'site'):
            self.check_text(option, self.params[option])

    def run(self):
        api = InterconnectApi(self.client, self.path)
        if self.params['name'] is not None:
            self.result['interconnects'] = [self.client.get(self.path('interconnects', self.params['name']))]
            return
        self.result['interconnects'] = api.list(site=self.params['site'], kind=self.params['type'])


def main():
    InterconnectInfoModule.main()


if __name__ == '__main__':
    main()
