#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudflare.cni developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
module: settings
short_description: Read or set the account's Cloudflare Network Interconnect settings
version_added: 0.1.0
description:
  - Reads the CNI settings of a Cloudflare account and, when O(default_asn) is set, makes them match.
  - Only the options you set are compared; an unchanged run sends no write.
author:
  - cloudflare.cni developers (@cloudflare-cni)
extends_documentation_fragment:
  - cloudflare.cni.common
  - cloudflare.cni.attributes
  - cloudflare.cni.attributes.serialised
attributes:
  check_mode:
    support: full
    description: Sends no write; RV(settings) is the predicted result.
  diff_mode:
    support: full
    description: Shows only the keys that change.
options:
  default_asn:
    description:
      - The Cloudflare-side BGP ASN of the account's CNIs. Cloudflare's default is V(13335); it may be set to a private ASN.
      - Omit it to only read the settings.
      - It must differ from the C(bgp.customer_asn) of every CNI of the account (the task reads them before a change).
      - An integer from V(0) to V(2147483647) (the API's int32 range).
    type: int
'''

EXAMPLES = r'''
- name: Use a private ASN on Cloudflare's side of every CNI BGP session
  cloudflare.cni.settings:
    account_id: "{{ cloudflare_account_id }}"
    api_token: "{{ cloudflare_api_token }}"
    default_asn: 64512

- name: Read the settings, with credentials from CLOUDFLARE_API_TOKEN and CLOUDFLARE_ACCOUNT_ID
  cloudflare.cni.settings:
  register: cni_settings

- name: Show the Cloudflare-side ASN
  ansible.builtin.debug:
    msg: "Cloudflare ASN is {{ cni_settings.settings.default_asn }}"
'''

RETURN = r'''
settings:
  description: The account's CNI settings after the task (in check mode, the predicted settings).
  returned: success
  type: dict
  contains:
    default_asn:
      description: The Cloudflare-side BGP ASN.
      type: int
      sample: 13335
'''

from ansible_collections.cloudflare.cni.plugins.module_utils._base import CniModule
from ansible_collections.cloudflare.cni.plugins.module_utils._cni import describe_cnis

PRIVATE_ASN_16 = (64512, 65534)
CLOUDFLARE_ASN = 13335


class SettingsModule(CniModule):
    resource_key = 'settings'
    serialise_writes = True
    argument_spec = dict(default_asn=dict(type='int'))

    def validate(self):
        asn = self.params['default_asn']
        self.check_int_range('default_asn', asn)
        if asn is not None and asn != CLOUDFLARE_ASN and not PRIVATE_ASN_16[0] <= asn <= PRIVATE_ASN_16[1]:
            self.module.warn('default_asn %d is neither 13335 nor a private ASN (64512-65534); Cloudflare expects '
                             'one of those' % asn)

    def run(self):
        before = self.client.get(self.path('settings'))
        wanted = self.params['default_asn']
        if wanted is None or before.get('default_asn') == wanted:
            self.set_resource(before, before)
            return
        clashing = [c for c in self.client.list_all(self.path('cnis')) if (c.get('bgp') or {}).get('customer_asn') == wanted]
        if clashing:
            self.fail_option('default_asn', '%d is the customer ASN of CNI(s) %s; the two ends of a BGP session need '
                             'different ASNs' % (wanted, describe_cnis(clashing)))
        after = dict(before, default_asn=wanted)
        if not self.check_mode:
            after = self.client.put(self.path('settings'), dict(default_asn=wanted))
        self.set_resource(after, before, changed=True)


def main():
    SettingsModule.main()


if __name__ == '__main__':
    main()
