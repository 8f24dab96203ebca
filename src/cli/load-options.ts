import { readFile } from 'node:fs/promises';
import { KeapThrottleError } from '../errors.js';
import { jsonSyntaxProblem } from '../read/json-syntax.js';
import { parseZone, type ZoneSpec } from '../normalise/time-zone.js';
import { validateProfile } from '../policy/policy-file.js';
import { BUILT_IN_PROFILES, findProfile } from '../policy/profiles.js';
import type { Profile } from '../types.js';
import { FAIL_ON_CHOICES, type SharedOptionValues } from './options.js';

/** The zone from --tz, or null; an unknown zone is a user error. */
export function zoneOption(values: SharedOptionValues): ZoneSpec | null {
  if (values.tz === undefined) return null;
  const zone = parseZone(values.tz);
  if (!zone) {
    throw new KeapThrottleError('BAD_TIMEZONE', `unknown time zone "${values.tz}"`, {
      hint: 'use an IANA name such as America/Chicago, UTC, or an offset like -05:00',
    });
  }
  return zone;
}

/** The profile from --profile or --policy, or null to infer it from the log. */
export async function profileOption(values: SharedOptionValues): Promise<Profile | null> {
  if (values.profile !== undefined) {
    const found = findProfile(values.profile);
    if (!found) {
      throw new KeapThrottleError('POLICY_NOT_FOUND', `no built-in profile "${values.profile}"`, {
        hint: `choose one of ${BUILT_IN_PROFILES.map((p) => p.id).join(', ')}, or pass --policy <file>`,
      });
    }
    return found;
  }
  if (values.policy === undefined) return null;
  let text: string;
  try {
    text = await readFile(values.policy, 'utf8');
  } catch (error) {
    const code = (error as { code?: string }).code;
    throw new KeapThrottleError(
      'POLICY_NOT_FOUND',
      code === 'ENOENT' ? 'no such policy file' : `policy file cannot be read (${code})`,
      { location: { file: values.policy } },
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new KeapThrottleError('POLICY_INVALID', jsonSyntaxProblem(error), {
      location: { file: values.policy },
    });
  }
  const { profile, problems } = validateProfile(json);
  if (!profile)
    throw new KeapThrottleError('POLICY_INVALID', problems.join('; '), {
      location: { file: values.policy },
      hint: 'see README "Policy files" for the fields',
    });
  return profile;
}

/** The reasons named by --fail-on; an unknown one is a user error. */
export function failOnOption(values: SharedOptionValues): string[] {
  if (values.failOn === undefined) return [];
  const reasons = values.failOn
    .split(',')
    .map((reason) => reason.trim())
    .filter(Boolean);
  const unknown = reasons.filter((reason) => !(FAIL_ON_CHOICES as readonly string[]).includes(reason));
  if (unknown.length > 0)
    throw new KeapThrottleError('BAD_OPTION', `--fail-on does not know ${unknown.map((r) => `"${r}"`).join(', ')}`, {
      hint: `use ${FAIL_ON_CHOICES.join(', ')}`,
    });
  return reasons;
}

/** The status from --status, or null; anything but an HTTP status code is a user error. */
export function statusOption(values: SharedOptionValues): number | null {
  if (values.status === undefined) return null;
  const text = values.status.trim();
  const status = Number(text);
  if (!/^\d{3}$/.test(text) || status < 100 || status > 599) {
    throw new KeapThrottleError('BAD_OPTION', `--status "${values.status}" is not an HTTP status code`, {
      hint: 'use a code such as 429',
    });
  }
  return status;
}
