/** A response body as text up to `maxChars` characters or its end, whichever comes first; the rest is cancelled unread. */
export async function readCappedText(response: Response, maxChars: number): Promise<string> {
  if (!response.body) return '';
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let text = '';
  try {
    while (text.length < maxChars) {
      const { done, value } = await reader.read();
      if (done) break;
      text += decoder.decode(value, { stream: true });
    }
    await reader.cancel();
  } catch {
    // A body cut by the network still yields the part that arrived.
  }
  return text;
}
