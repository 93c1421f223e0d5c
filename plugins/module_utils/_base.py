# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudflare.cni developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# Private module_utils of cloudflare.cni: not a public API, may change in any release.
# The one base class of every module: common options, input checks before any request, results and failures.

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import math
import os
import time
import uuid

from ansible.module_utils.basic import AnsibleModule, missing_required_lib
from ansible.module_utils.errors import AnsibleFallbackNotFound
from ansible.module_utils.six.moves.urllib.parse import quote, urlparse

from ansible_collections.cloudflare.cni.plugins.module_utils._client import (
    DEFAULT_BASE_URL,
    DEFAULT_RATE_LIMIT_WAIT,
    DEFAULT_RETRIES,
    HAS_REQUESTS,
    REQUESTS_IMPORT_ERROR,
    CloudflareApiError,
    CloudflareClient,
)
from ansible_collections.cloudflare.cni.plugins.module_utils._compare import diff

INT32_MAX = 2147483647
CREATE_ATTEMPTS = 3


def env_fallback_nonempty(*names):
    """Like Ansible's env_fallback, but an empty variable counts as unset."""
    for name in names:
        value = os.environ.get(name)
        if value:
            return value
    raise AnsibleFallbackNotFound


def common_argument_spec():
    return dict(
        api_token=dict(type='str', no_log=True, fallback=(env_fallback_nonempty, ['CLOUDFLARE_API_TOKEN'])),
        api_email=dict(type='str', fallback=(env_fallback_nonempty, ['CLOUDFLARE_EMAIL'])),
        api_key=dict(type='str', no_log=True, fallback=(env_fallback_nonempty, ['CLOUDFLARE_API_KEY'])),
        account_id=dict(type='str', required=True, fallback=(env_fallback_nonempty, ['CLOUDFLARE_ACCOUNT_ID'])),
        base_url=dict(type='str', default=DEFAULT_BASE_URL, fallback=(env_fallback_nonempty, ['CLOUDFLARE_BASE_URL'])),
        validate_certs=dict(type='bool', default=True),
        timeout=dict(type='float', default=30),
        retries=dict(type='int', default=DEFAULT_RETRIES),
        rate_limit_wait=dict(type='float', default=DEFAULT_RATE_LIMIT_WAIT),
    )


class CniModule(object):
    """Subclasses set argument_spec (their own options), module_rules and resource_key, and implement run()."""

    argument_spec = {}
    module_rules = {}
    resource_key = None

    def __init__(self):
        spec = common_argument_spec()
        spec.update(self.argument_spec)
        self.module = AnsibleModule(argument_spec=spec, supports_check_mode=True, **self.module_rules)
        self.params = self.module.params
        self.check_mode = self.module.check_mode
        self.result = dict(changed=False)
        if not HAS_REQUESTS:
            self.module.fail_json(msg=missing_required_lib('requests'), exception=REQUESTS_IMPORT_ERROR)
        self._check_common()
        self.validate()
        self.client = CloudflareClient(
            base_url=self.params['base_url'], api_token=self.params['api_token'], api_email=self.params['api_email'],
            api_key=self.params['api_key'], timeout=self.params['timeout'],
            validate_certs=self.params['validate_certs'], retries=self.params['retries'],
            rate_limit_wait=self.params['rate_limit_wait'], warn=self.module.warn)

    @classmethod
    def main(cls):
        instance = cls()
        try:
            instance.run()
        except CloudflareApiError as exc:
            instance.fail(exc.message, **exc.failure())
        instance.module.exit_json(**instance.result)

    def run(self):
        raise NotImplementedError

    def validate(self):
        """Input checks beyond the argument spec; runs before any request. Fail with fail_option()."""

    def _check_common(self):
        # Checked here rather than in the spec so that a stray CLOUDFLARE_EMAIL beside a token does not fail.
        if self.params['api_token'] and self.params['api_key']:
            self.fail_option('api_token', 'api_token and api_key are mutually exclusive (check CLOUDFLARE_API_TOKEN '
                             'and CLOUDFLARE_API_KEY in the environment)')
        if not self.params['api_token'] and not self.params['api_key']:
            self.fail_option('api_token', 'set api_token (or CLOUDFLARE_API_TOKEN), or api_email and api_key '
                             '(or CLOUDFLARE_EMAIL and CLOUDFLARE_API_KEY)')
        if self.params['api_key'] and not self.params['api_email']:
            self.fail_option('api_email', 'api_email (or CLOUDFLARE_EMAIL) is required with api_key')
        for option in ('api_token', 'api_key', 'api_email'):
            value = self.params[option]
            if value and not all('!' <= char <= '~' for char in value):
                # Never show the value: it may be a credential with a stray newline from a vault or a YAML block.
                self.fail_option(option, 'must be printable ASCII without spaces or line breaks (check for a '
                                 'trailing newline)')
        try:
            parsed = urlparse(self.params['base_url'])
            valid = parsed.scheme in ('http', 'https') and bool(parsed.netloc) and (parsed.port or 1) > 0
        except ValueError as exc:
            if 'port' in str(exc).lower():
                self.fail_option('base_url', 'the port must be a number from 1 to 65535')
            valid = False
        if not valid:
            # The URL is not repeated: it could carry credentials.
            self.fail_option('base_url', 'must be an http:// or https:// URL such as https://api.cloudflare.com/client/v4')
        self.check_seconds('timeout', self.params['timeout'], allow_zero=False)
        self.check_int_range('retries', self.params['retries'], 0, 10)
        self.check_seconds('rate_limit_wait', self.params['rate_limit_wait'])
        if not self.params['account_id'].strip():
            self.fail_option('account_id', 'must not be empty')

    def fail(self, msg, **failure):
        failure.setdefault('message', msg)
        self.module.fail_json(msg=msg, failure=failure, **self.result)

    def fail_option(self, option, rule):
        self.fail('%s: %s' % (option, rule), option=option)

    def check_seconds(self, option, value, allow_zero=True):
        """A finite number of seconds, above 0 (or 0 or more with allow_zero)."""
        if value is None:
            return
        if not math.isfinite(value) or value < 0 or (value == 0 and not allow_zero) or value > 10 ** 7:
            self.fail_option(option, 'must be a number of seconds %s, at most 10000000, got %s'
                             % ('0 or more' if allow_zero else 'greater than 0', value))

    def check_int_range(self, option, value, minimum=0, maximum=INT32_MAX):
        if value is not None and not minimum <= value <= maximum:
            self.fail_option(option, 'must be an integer from %d to %d, got %d' % (minimum, maximum, value))

    def check_uuid(self, option, value, what='a UUID'):
        if value is not None:
            try:
                uuid.UUID(value)
            except ValueError:
                self.fail_option(option, 'must be %s, got %r' % (what, value))

    def create_once(self, create, find, what):
        """Create with create(); after an ambiguous failure (no answer, timeout, 5xx) look with find() before trying
        again, so that one object never becomes two. Returns what was created or found."""
        for attempt in range(1, CREATE_ATTEMPTS + 1):
            try:
                return create()
            except CloudflareApiError as exc:
                if not exc.ambiguous:
                    raise
                found = find()
                if found is not None:
                    self.module.warn('The answer to the create of %s was lost (%s); it exists now and is used.'
                                     % (what, exc.message))
                    return found
                if attempt == CREATE_ATTEMPTS:
                    raise
                time.sleep(attempt)
        return None  # not reached: the last attempt returns or raises

    def path(self, *parts):
        """An API path under /accounts/{account_id}/cni/, every part quoted."""
        quoted = [quote(str(part), safe='') for part in (self.params['account_id'], 'cni') + parts]
        return '/accounts/' + '/'.join(quoted)

    def set_resource(self, value, before=None, changed=False, diff_after=None):
        """Record the resource under resource_key, `changed`, and a diff of only the changed keys when asked
        (of `diff_after` instead of `value` where the two must differ, e.g. to show that a masked value changes)."""
        self.result[self.resource_key] = value
        self.result['changed'] = self.result['changed'] or changed
        if self.module._diff:
            after = value if diff_after is None else diff_after
            self.result['diff'] = diff(before, after) if changed else dict(before={}, after={})
