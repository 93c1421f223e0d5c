# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudflare.cni developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# Private module_utils of cloudflare.cni: not a public API, may change in any release.
# The one base class of every module: common options, input checks before any request, results and failures.

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import errno
import hashlib
import math
import os
import stat
import tempfile
import time
import uuid

try:
    import fcntl
except ImportError:  # not on POSIX: runs are not serialised
    fcntl = None

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
from ansible_collections.cloudflare.cni.plugins.module_utils._rules import (
    INT32_MAX,
    NAME_MAX,
    any_text_problem,
    int_problem,
    text_problem,
)

CREATE_ATTEMPTS = 3
# After a create that got no answer, how long to look for what it may have created before giving up (seconds):
# 2 x timeout, at least LOOKUP_MIN and at most LOOKUP_MAX.
LOOKUP_MIN = 15
LOOKUP_MAX = 120
LOOKUP_PAUSE_MAX = 5
# How long a writing module waits for another run on the same account (seconds); CLOUDFLARE_CNI_LOCK_TIMEOUT overrides.
LOCK_WAIT = 900
LOCK_TIMEOUT_ENV = 'CLOUDFLARE_CNI_LOCK_TIMEOUT'


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
        # Required, but checked in _check_common so that the message can name CLOUDFLARE_ACCOUNT_ID.
        account_id=dict(type='str', fallback=(env_fallback_nonempty, ['CLOUDFLARE_ACCOUNT_ID'])),
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
    # True for modules that write: one run at a time per account on this controller (see lock_account()).
    serialise_writes = False

    def __init__(self):
        spec = common_argument_spec()
        spec.update(self.argument_spec)
        self._lock = None
        self.module = AnsibleModule(argument_spec=spec, supports_check_mode=True, **self.module_rules)
        self.params = self.module.params
        self.check_mode = self.module.check_mode
        self.result = dict(changed=False)
        if not HAS_REQUESTS:
            self.module.fail_json(msg=missing_required_lib('requests'), exception=REQUESTS_IMPORT_ERROR)
        self._check_common()
        self.validate()
        # After validate(), whose checks name list entries and report every problem at once: a catch-all for options
        # that no module rule covers.
        self._check_values(self.module.argument_spec, self.params)
        self.client = CloudflareClient(
            base_url=self.params['base_url'], api_token=self.params['api_token'], api_email=self.params['api_email'],
            api_key=self.params['api_key'], timeout=self.params['timeout'],
            validate_certs=self.params['validate_certs'], retries=self.params['retries'],
            rate_limit_wait=self.params['rate_limit_wait'], warn=self.module.warn)

    @classmethod
    def main(cls):
        instance = cls()
        if cls.serialise_writes and not instance.check_mode:
            instance.lock_account()
        try:
            instance.run()
        except CloudflareApiError as exc:
            instance.fail(exc.message, **exc.failure())
        instance.release_account_lock()
        instance.module.exit_json(**instance.result)

    def run(self):
        raise NotImplementedError

    def validate(self):
        """Input checks beyond the argument spec; runs before any request. Fail with fail_option()."""

    def _check_common(self):
        if not (self.params['account_id'] or '').strip():
            self.fail_option('account_id', 'set account_id (or CLOUDFLARE_ACCOUNT_ID): the Cloudflare account '
                             'identifier, 32 hexadecimal characters')
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
            valid = parsed.scheme in ('http', 'https') and bool(parsed.netloc)
        except ValueError:
            valid = False
        if valid:
            try:
                valid = (parsed.port or 1) > 0
            except ValueError:
                # The URL is not repeated (it could carry credentials); the port alone is safe to name.
                port = parsed.netloc.rsplit(':', 1)[-1]
                self.fail_option('base_url', 'the port %s is out of range: a port is a number from 1 to 65535'
                                 % (port if port.isdigit() and len(port) < 12 else '(not a number)'))
        if not valid:
            # The URL is not repeated: it could carry credentials.
            self.fail_option('base_url', 'must be an http:// or https:// URL such as https://api.cloudflare.com/client/v4')
        self.check_seconds('timeout', self.params['timeout'], allow_zero=False)
        self.check_int_range('retries', self.params['retries'], 0, 10)
        self.check_seconds('rate_limit_wait', self.params['rate_limit_wait'])

    def _check_values(self, spec, params, prefix=''):
        """Refuse, in every option and sub-option, a boolean where an integer is taken (Python counts True as 1), and
        text with a NUL character or longer than TEXT_MAX characters (the value is never shown: it may be a secret)."""
        for name, option in spec.items():
            value = (params or {}).get(name)
            if value is None:
                continue
            kind = option.get('type', 'str')
            is_list = kind == 'list' and isinstance(value, list)
            elements = option.get('elements', 'str') if kind == 'list' else kind
            for index, item in enumerate(value if is_list else [value]):
                label = prefix + name + ('[%d]' % index if is_list else '')
                problem = None
                if elements == 'int' and isinstance(item, bool):
                    problem = int_problem(item)
                elif elements in ('str', 'path', 'raw') and isinstance(item, str):
                    problem = any_text_problem(item)
                if problem:
                    self.fail_option(label, problem)
                if option.get('options') and isinstance(item, dict):
                    self._check_values(option['options'], item, label + '.')

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
        problem = value is not None and int_problem(value, minimum, maximum)
        if problem:
            self.fail_option(option, problem)

    def check_uuid(self, option, value, what='a UUID'):
        if value is not None:
            try:
                uuid.UUID(value)
            except ValueError:
                self.fail_option(option, 'must be %s, got %r' % (what, value))

    def check_text(self, option, value, maximum=NAME_MAX):
        """A name: not empty, at most `maximum` characters, no control characters (the value is not repeated)."""
        problem = value is not None and text_problem(value, maximum)
        if problem:
            self.fail_option(option, problem)

    def create_once(self, create, find, what):
        """Create with create(), so that one object never becomes two; returns what was created or found.

        After a failure that may have created it (see create_once()), look with find() before anything else."""
        window = min(max(LOOKUP_MIN, 2 * self.params['timeout']), LOOKUP_MAX)
        return create_once(create, find, what, window, self.module.warn)

    def lock_account(self, wait=None):
        """Wait until no other run on this controller writes to this account, then hold that until the module ends
        (or release_account_lock()). Two runs at once could each look for an object, see none, and both create it."""
        if fcntl is None:
            return
        if wait is None:
            wait = LOCK_WAIT
            configured = os.environ.get(LOCK_TIMEOUT_ENV)
            if configured:
                try:
                    wait = float(configured)
                except ValueError:
                    wait = -1
                if not 0 <= wait <= 10 ** 7:
                    self.fail('%s must be a number of seconds from 0 to 10000000' % LOCK_TIMEOUT_ENV)
        try:
            self._lock = AccountLock(lock_path(self.params['base_url'], self.params['account_id']))
            self._lock.acquire(wait)
        except LockTimeout as exc:
            self.fail('another run is changing account %s through %s (it holds %s%s); waited %ds for it. Runs that '
                      'change one account must not overlap, or an object looked up by both may be created twice: '
                      'let the other run finish (in AWX, do not allow concurrent jobs on the job template), or set '
                      '%s to wait longer' % (self.params['account_id'], urlparse(self.params['base_url']).hostname,
                                             exc.path, ', process %s' % exc.holder if exc.holder else '', wait,
                                             LOCK_TIMEOUT_ENV), lock=exc.path)
        except (IOError, OSError) as exc:
            where = exc.filename or (self._lock.path if self._lock else 'file')
            self.fail('cannot take the lock %s that keeps two runs on account %s apart: %s'
                      % (where, self.params['account_id'], exc.strerror or exc), lock=where)

    def release_account_lock(self):
        """Let other runs write (before a long wait that only reads, for example)."""
        if self._lock is not None:
            self._lock.release()
            self._lock = None

    def path(self, *parts):
        """An API path under /accounts/{account_id}/cni/, every part quoted."""
        quoted = [quote(str(part), safe='') for part in (self.params['account_id'], 'cni') + parts]
        return '/accounts/' + '/'.join(quoted)

    def set_resource(self, value, before=None, changed=False, diff_after=None, diff_before=None):
        """Record the resource under resource_key, `changed`, and a diff of only the changed keys when asked
        (of `diff_after` instead of `value` where the two must differ, e.g. to show that a masked value changes, and
        of `diff_before` instead of `before`, e.g. to show what goes with a deleted object)."""
        self.result[self.resource_key] = value
        self.result['changed'] = self.result['changed'] or changed
        if self.module._diff:
            after = value if diff_after is None else diff_after
            before = before if diff_before is None else diff_before
            self.result['diff'] = diff(before, after) if changed else dict(before={}, after={})


def create_once(create, find, what, window, warn, clock=time.monotonic, sleeper=time.sleep):
    """create() at most once per answer: see CniModule.create_once.

    - A failure that is an answer that nothing was created (4xx) is raised as it is.
    - An answer of failure that may hide a create (5xx, not JSON): look with find() once; found is success, else
      create again (at most CREATE_ATTEMPTS in all).
    - No answer at all (timeout, dropped connection): the create may still be under way, so look with find() for up
      to `window` seconds; found is success, else fail saying that it may still land, and never create again.
    - A 409 (conflict) on a second create, where find() then finds the object, is the first create's success.
    """
    for attempt in range(1, CREATE_ATTEMPTS + 1):
        try:
            return create()
        except CloudflareApiError as exc:
            if attempt > 1 and exc.status == 409:
                found = find()
                if found is None:
                    raise
                warn('The create of %s was sent again after an unclear answer and the API said it exists (%s); it '
                     'is the one created first, and is used.' % (what, exc.message))
                return found
            if not exc.ambiguous:
                raise
            if exc.status is not None:
                found = find()
                if found is None and attempt < CREATE_ATTEMPTS:
                    sleeper(attempt)
                    continue
                if found is None:
                    raise
            else:
                found = look_for(find, window, clock, sleeper)
                if found is None:
                    raise CloudflareApiError(
                        'The create of %s got no answer (%s), and it was not found in %d seconds of look-ups, but it '
                        'may still be created. It was not sent again, so that it is not created twice. Run the task '
                        'again in a few minutes: it finds and uses it if it was created, or creates it if not. Do not '
                        'create it by other means meanwhile.' % (what, exc.message, window),
                        status=None, method=exc.method, path=exc.path, errors=exc.errors, cf_ray=exc.cf_ray,
                        ambiguous=True)
            warn('The answer to the create of %s was lost (%s); it exists now and is used.' % (what, exc.message))
            return found
    return None  # not reached: the last attempt returns or raises


def look_for(find, window, clock=time.monotonic, sleeper=time.sleep):
    """find() until it returns something or `window` seconds have passed (pauses of 1, 2, 4... up to
    LOOKUP_PAUSE_MAX seconds); the last look is at the end of the window. A failed look-up counts as not found."""
    deadline = clock() + window
    pause = 1
    while True:
        try:
            found = find()
        except CloudflareApiError:
            found = None
        if found is not None:
            return found
        left = deadline - clock()
        if left <= 0:
            return None
        sleeper(min(pause, left))
        pause = min(pause * 2, LOOKUP_PAUSE_MAX)


def lock_path(base_url, account_id):
    """The lock file of one account at one API, in a folder of the user's own (mode 0700) in the temporary folder:
    another local user can neither hold it nor point it elsewhere."""
    key = hashlib.sha256(('%s\n%s' % (base_url.rstrip('/'), account_id)).encode('utf-8')).hexdigest()[:24]
    folder = os.path.join(tempfile.gettempdir(), 'cloudflare-cni-locks-%d' % os.getuid())
    try:
        os.mkdir(folder, 0o700)
    except OSError as exc:
        if exc.errno != errno.EEXIST:
            raise
    info = os.lstat(folder)
    if not stat.S_ISDIR(info.st_mode) or info.st_uid != os.getuid() or info.st_mode & 0o077:
        raise OSError(errno.EPERM, 'not a private folder of this user', folder)
    return os.path.join(folder, '%s.lock' % key)


class LockTimeout(Exception):
    def __init__(self, path, holder):
        super(LockTimeout, self).__init__(path)
        self.path = path
        self.holder = holder


class AccountLock(object):
    """An exclusive flock on a file; the kernel releases it when the process ends, so it is never left stale."""

    def __init__(self, path):
        self.path = path
        self.fd = None

    def acquire(self, wait, clock=time.monotonic, sleeper=time.sleep):
        """Take the lock, waiting up to `wait` seconds; raise LockTimeout (with the holder's pid) after that."""
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW, 0o600)
        deadline = clock() + wait
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except (IOError, OSError) as exc:
                if exc.errno not in (errno.EAGAIN, errno.EACCES, errno.EWOULDBLOCK):
                    os.close(fd)
                    raise
            left = deadline - clock()
            if left <= 0:
                try:
                    holder = os.read(fd, 32).decode('ascii', 'replace').strip()
                finally:
                    os.close(fd)
                raise LockTimeout(self.path, holder if holder.isdigit() else None)
            sleeper(min(0.5, left))
        os.ftruncate(fd, 0)
        os.write(fd, str(os.getpid()).encode('ascii'))
        self.fd = fd

    def release(self):
        if self.fd is not None:
            os.close(self.fd)  # closing the only descriptor releases the flock
            self.fd = None
