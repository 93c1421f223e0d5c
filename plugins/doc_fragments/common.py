# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudflare.cni developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type


class ModuleDocFragment(object):
    # The options every cloudflare.cni module shares. Set them once per play with
    # module_defaults: group/cloudflare.cni.all.
    DOCUMENTATION = r'''
options:
  api_token:
    description:
      - 'Cloudflare API token, sent as C(Authorization: Bearer <token>).'
      - Reads need C(Magic WAN Read) or C(Magic Transit Read); writes need the matching C(Write) permission.
      - If not set, the value of the E(CLOUDFLARE_API_TOKEN) environment variable is used; an empty variable counts as unset.
      - Mutually exclusive with O(api_key). One of O(api_token) or O(api_key) is required.
    type: str
  api_email:
    description:
      - E-mail address of the Cloudflare user, for the legacy O(api_email)/O(api_key) authentication.
      - If not set, the value of the E(CLOUDFLARE_EMAIL) environment variable is used.
      - Required with O(api_key).
    type: str
  api_key:
    description:
      - Legacy global API key of the Cloudflare user, sent with O(api_email).
      - If not set, the value of the E(CLOUDFLARE_API_KEY) environment variable is used.
      - Mutually exclusive with O(api_token).
    type: str
  account_id:
    description:
      - Cloudflare account identifier (account tag) that owns the interconnects and CNIs.
      - If not set, the value of the E(CLOUDFLARE_ACCOUNT_ID) environment variable is used.
      - Required, here or in E(CLOUDFLARE_ACCOUNT_ID).
    type: str
  base_url:
    description:
      - Base URL of the Cloudflare API, without a trailing C(/accounts).
      - Point it at the collection's simulator (for example V(http://127.0.0.1:8080/client/v4)) to test without an account.
      - If not set, the value of the E(CLOUDFLARE_BASE_URL) environment variable is used.
    type: str
    default: https://api.cloudflare.com/client/v4
  validate_certs:
    description:
      - Whether to verify the TLS certificate of O(base_url).
    type: bool
    default: true
  timeout:
    description:
      - Seconds to wait for each HTTP request. Requests answered with 429 or 5xx are retried (creates only on 429),
        honouring C(Retry-After).
    type: float
    default: 30
requirements:
  - requests >= 2.25
notes:
  - Credentials are never written to the module output, diffs or error messages.
  - Errors name the HTTP status, method and API path, Cloudflare's error codes and messages, and the C(cf-ray) header.
'''
