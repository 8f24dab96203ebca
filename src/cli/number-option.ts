import { KeapThrottleError } from '../errors.js';
import { parseDurationMs } from './duration.js';

/** `text` as a positive number, or a BAD_OPTION error naming `flag`. */
export function positiveNumberOption(text: string, flag: string): number {
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value) || value <= 0)
    throw new KeapThrottleError('BAD_OPTION', `${flag} "${text}" must be a positive number`);
  return value;
}

/** `text` as a whole number ≥ `min` (default 1), or a BAD_OPTION error naming `flag`. */
export function wholeNumberOption(text: string, flag: string, min = 1): number {
  const value = Number(text);
  if (text.trim() === '' || !Number.isInteger(value) || value < min)
    throw new KeapThrottleError('BAD_OPTION', `${flag} "${text}" must be a whole number ≥ ${min}`);
  return value;
}

/** `text` as a duration in ms (0 allowed), or a BAD_OPTION error naming `flag`. */
export function durationOption(text: string, flag: string): number {
  const ms = parseDurationMs(text);
  if (ms === null)
    throw new KeapThrottleError('BAD_OPTION', `${flag} "${text}" is not a duration`, {
      hint: 'write it like 150ms, 1.5s or 2m',
    });
  return ms;
}

/** `text` as a TCP port (0 = any free port), or a BAD_OPTION error naming `flag`. */
export function portOption(text: string, flag: string): number {
  const port = wholeNumberOption(text, flag, 0);
  if (port > 65_535) throw new KeapThrottleError('BAD_OPTION', `${flag} "${text}" is not a port (0–65535)`);
  return port;
}
