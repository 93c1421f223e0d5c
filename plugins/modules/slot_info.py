#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudflare.cni developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
module: slot_info
short_description: List the physical slots for direct interconnects in Cloudflare's facilities
version_added: 0.1.0
description:
  - Returns one slot by O(id), or every slot that matches the filters, reading every page of the list.
  - A slot is a port in a Cloudflare facility where a C(direct) interconnect can be ordered.
  - O(occupied) is applied by the API; O(site), O(speed) and O(address_contains) by the module, case-insensitively
    (V(10g) finds V(10G) slots). No match gives an empty list, not an error. An empty filter fails.
author:
  - cloudflare.cni developers (@cloudflare-cni)
extends_documentation_fragment:
  - cloudflare.cni.common
  - cloudflare.cni.attributes
  - cloudflare.cni.attributes.info_module
options:
  id:
    description:
      - The slot's UUID. An unknown id fails.
      - Mutually exclusive with the filters.
    type: str
  address_contains:
    description: Only slots whose facility address (any line) or facility name contains this text.
    type: str
  occupied:
    description: Only occupied (V(true)) or free (V(false)) slots.
    type: bool
  site:
    description: Only slots at this Cloudflare site, for example V(ams01).
    type: str
  speed:
    description: Only slots that support this port speed, for example V(10G) or V(100G).
    type: str
'''

EXAMPLES = r'''
- name: Find free 10G slots in Amsterdam
  cloudflare.cni.slot_info:
    site: ams01
    speed: 10G
    occupied: false
  register: free_slots

- name: Show them
  ansible.builtin.debug:
    msg: "{{ free_slots.slots | map(attribute='id') | list }}"

- name: Read one slot
  cloudflare.cni.slot_info:
    id: 8e6b4f7c-7c1e-4f7a-9d8f-1b2c3d4e5f60
'''

RETURN = r'''
slots:
  description: The matching slots, in the API's order. Empty when nothing matches.
  returned: success
  type: list
  elements: dict
  contains:
    id:
      description: The slot's UUID, used as O(cloudflare.cni.interconnect#module:slot_id).
      type: str
      sample: 8e6b4f7c-7c1e-4f7a-9d8f-1b2c3d4e5f60
    occupied:
      description: Whether an interconnect already uses the slot.
      type: bool
      sample: false
    site:
      description: The Cloudflare site.
      type: str
      sample: ams01
    speed:
      description: The port speed.
      type: str
      sample: 10G
    facility:
      description: The facility that houses the slot.
      type: dict
      contains:
        name:
          description: The facility's name.
          type: str
        address:
          description: The facility's address, one line per element.
          type: list
          elements: str
    account:
      description: The account that occupies the slot, when the API says.
      type: str
      returned: when set
    ccr_device_name:
      description: The Cloudflare device of the slot, as the API gives it.
      type: str
      returned: when the API returns it
'''

from ansible_collections.cloudflare.cni.plugins.module_utils._base import CniModule
from ansible_collections.cloudflare.cni.plugins.module_utils._interconnect import same_speed, same_text

FILTERS = ('address_contains', 'occupied', 'site', 'speed')


class SlotInfoModule(CniModule):
    resource_key = 'slots'
    argument_spec = dict(
        id=dict(type='str'),
        address_contains=dict(type='str'),
        occupied=dict(type='bool'),
        site=dict(type='str'),
        speed=dict(type='str'),
    )
    module_rules = dict(mutually_exclusive=[('id', name) for name in FILTERS])

    def validate(self):
        self.check_uuid('id', self.params['id'], 'a slot UUID')
        for option in ('address_contains', 'site', 'speed'):
            value = self.params[option]
            if value is not None and not value.strip():
                # Dropping it would list every slot, which is not what the task asked for.
                self.fail_option(option, 'must not be empty: leave it unset to list slots of any %s'
                                 % option.replace('_contains', ''))

    def run(self):
        if self.params['id']:
            self.result['slots'] = [self.client.get(self.path('slots', self.params['id']))]
            return
        occupied = self.params['occupied']
        query = dict(occupied=None if occupied is None else ('true' if occupied else 'false'))
        self.result['slots'] = [slot for slot in self.client.list_all(self.path('slots'), query) if self.wanted(slot)]

    def wanted(self, slot):
        """The filters applied here, case-insensitively (the API's own matching of them is not documented)."""
        params = self.params
        if params['site'] is not None and not same_text(slot.get('site'), params['site']):
            return False
        if params['speed'] is not None and not same_speed(slot.get('speed'), params['speed']):
            return False
        if params['address_contains'] is not None:
            facility = slot.get('facility') or {}
            lines = [str(line) for line in facility.get('address') or []] + [str(facility.get('name') or '')]
            needle = params['address_contains'].strip().lower()
            return any(needle in line.lower() for line in lines)
        return True


def main():
    SlotInfoModule.main()


if __name__ == '__main__':
    main()
