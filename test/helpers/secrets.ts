/** Every 8-character window of `secret`: a leak of part of a secret (a quoted prefix) is still a leak. */
export function secretWindows(secret: string, width = 8): string[] {
  const windows: string[] = [];
  for (let i = 0; i + width <= secret.length; i++) windows.push(secret.slice(i, i + width));
  return windows;
}

/** The secrets (and parts of them) that appear in `text`; empty when nothing leaked. */
export function leakedSecrets(text: string, secrets: readonly string[]): string[] {
  return secrets.filter((secret) => secretWindows(secret).some((window) => text.includes(window)));
}
