import { readFile } from 'node:fs/promises';
import { KeapThrottleError } from '../errors.js';
import { jsonSyntaxProblem } from '../read/json-syntax.js';
import { parseZone, type ZoneSpec } from '../normalise/time-zone.js';
import { validateProfile } from '../policy/policy-file.js';
import { BUILT_IN_PROFILES, findProfile } from '../policy/profiles.js';
import type { Profile } from '../types.js';
import { FAIL_ON_REASONS, type FailOnReason, type GateRules } from '../gate/rules.js';
import type { CheckOptionValues, SharedOptionValues } from './options.js';

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

/** The reasons named by --fail-on (explanations, layers or any); an unknown one is a user error. */
export function failOnOption(values: SharedOptionValues): FailOnReason[] {
  if (values.failOn === undefined) return [];
  const reasons = values.failOn
    .split(',')
    .map((reason) => reason.trim())
    .filter(Boolean);
  const unknown = reasons.filter((reason) => !(FAIL_ON_REASONS as readonly string[]).includes(reason));
  if (unknown.length > 0 || reasons.length === 0)
    throw new KeapThrottleError(
      'BAD_OPTION',
      unknown.length > 0
        ? `--fail-on does not know ${unknown.map((r) => `"${r}"`).join(', ')}`
        : '--fail-on names no reason',
      { hint: `use ${FAIL_ON_REASONS.join(', ')}` },
    );
  return [...new Set(reasons)] as FailOnReason[];
}

/** Every rule of `check`; at least one must be given. */
export function checkRules(values: CheckOptionValues): GateRules {
  const percent = (text: string | undefined, flag: string) => {
    if (text === undefined) return undefined;
    const value = Number(text.replace(/%$/, ''));
    if (text.trim() === '' || !Number.isFinite(value) || value < 0 || value > 100)
      throw new KeapThrottleError('BAD_OPTION', `${flag} "${text}" is not a percentage`, {
        hint: `write a number from 0 to 100, e.g. ${flag} 5`,
      });
    return value;
  };
  const count = (text: string | undefined, flag: string) => {
    if (text === undefined) return undefined;
    const value = Number(text);
    if (text.trim() === '' || !Number.isInteger(value) || value < 0)
      throw new KeapThrottleError('BAD_OPTION', `${flag} "${text}" is not a whole number`, {
        hint: `write a count, e.g. ${flag} 0`,
      });
    return value;
  };
  const max429 = percent(values.max429Rate, '--max-429-rate');
  const minHeadroom = percent(values.minHeadroom, '--min-headroom');
  const maxUnexplained = count(values.maxUnexplained, '--max-unexplained');
  const rules: GateRules = {
    failOn: failOnOption(values),
    ...(max429 !== undefined && { max429RatePercent: max429 }),
    ...(minHeadroom !== undefined && { minHeadroomPercent: minHeadroom }),
    ...(maxUnexplained !== undefined && { maxUnexplained }),
  };
  if (rules.failOn.length === 0 && max429 === undefined && minHeadroom === undefined && maxUnexplained === undefined)
    throw new KeapThrottleError('BAD_OPTION', 'check was given no rule', {
      hint: 'pass --fail-on, --max-429-rate, --min-headroom or --max-unexplained',
    });
  return rules;
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
