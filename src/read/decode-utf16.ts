/** The UTF-16 encoding a byte-order mark announces (PowerShell's `>` and `Out-File` write one), or null. */
export function utf16Encoding(head: Buffer): 'utf-16le' | 'utf-16be' | null {
  if (head[0] === 0xff && head[1] === 0xfe) return 'utf-16le';
  if (head[0] === 0xfe && head[1] === 0xff) return 'utf-16be';
  return null;
}

/** Re-encodes a UTF-16 byte stream as UTF-8 as it streams (the BOM dropped), so every reader sees UTF-8. */
export async function* utf16ToUtf8(
  stream: AsyncIterable<Buffer>,
  encoding: 'utf-16le' | 'utf-16be',
): AsyncGenerator<Buffer> {
  // Not fatal: an odd trailing byte or a lone surrogate becomes U+FFFD, and the row holding it is judged as text.
  const decoder = new TextDecoder(encoding);
  for await (const chunk of stream) {
    const text = decoder.decode(chunk, { stream: true });
    if (text !== '') yield Buffer.from(text, 'utf8');
  }
  const rest = decoder.decode();
  if (rest !== '') yield Buffer.from(rest, 'utf8');
}
