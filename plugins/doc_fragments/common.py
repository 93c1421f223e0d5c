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
      - Seconds one attempt of an HTTP request waits for the connection, and for each part of the answer.
      - 'The longest one request takes: (O(retries) + 1) attempts of at most O(timeout) each, plus the waits between
        them (a backoff of at most 10 seconds, or a 5xx answer''s C(Retry-After) of at most 30 seconds, per retry).
        A 429 answer (rate limited) is waited out, at most O(rate_limit_wait) in all for one request, and the request
        is then tried again within the same bounds.'
      - With the defaults, a request that never gets an answer fails after about 4 x 30 + 3 seconds; lower
        O(timeout) and O(retries) to fail sooner.
    type: float
    default: 30
  retries:
    description:
      - How many times one request is tried again after a connection failure, a timeout or a 5xx answer, from 0 to 10.
      - Reads, updates and deletes are retried on all of them. A create (POST) is retried only when it was never
        sent (connection refused, name not found); after a timeout or a 5xx it may have happened, and the module
        looks it up instead of sending it twice.
      - 429 answers do not count here; see O(rate_limit_wait).
    type: int
    default: 3
  rate_limit_wait:
    description:
      - Seconds one request may spend in all waiting out 429 (rate limited) answers, as their C(Retry-After) asks,
        before the module fails. Cloudflare allows 1,200 requests per 5 minutes per user and then refuses every call
        for 5 minutes; the default covers that block. V(0) fails at the first 429.
      - While waiting, the module adds a warning to its result. Every thread of a module waits together.
      - Independent of this option, each module run paces itself. When the API's C(Ratelimit) answer header says no
        requests are left in the current window, it waits for the window to reset; without the header it sends at
        most 1,100 requests in any 5 minutes, a headroom below Cloudflare's 1,200. Every attempt counts, retries
        after a connection failure, a timeout or a 5xx answer too.
    type: float
    default: 330
requirements:
  - requests >= 2.25
notes:
  - Credentials are never written to the module output, diffs or error messages.
  - Errors name the HTTP status, method and API path, Cloudflare's error codes and messages, and the C(cf-ray) header,
    and say what to check (O(base_url) when nothing answers or a path has no route, the token's permissions on 403).
  - Redirects are never followed (the Cloudflare API does not redirect), so credentials never leave for another
    host; a 3xx answer fails naming its status and the C(Location) host.
'''
