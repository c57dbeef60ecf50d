import { BadUpstreamResponseError } from '../errors.js';

/** A token envelope is well under 2 KiB; 64 KiB is plenty. */
export const MAX_UPSTREAM_BODY_BYTES = 64 * 1024;

/**
 * Reads a response body as UTF-8 text, at most `maxBytes` of it: a body that grows past the cap
 * (an endless stream, or a small compressed body that inflates) is cancelled, so it can never
 * grow memory.
 *
 * @throws {BadUpstreamResponseError} when the body is larger than `maxBytes`.
 */
export async function readBoundedText(
  response: Response,
  maxBytes = MAX_UPSTREAM_BODY_BYTES,
): Promise<string> {
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      void reader.cancel().catch(() => undefined);
      throw new BadUpstreamResponseError(`the body is larger than ${maxBytes} bytes`);
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return new TextDecoder().decode(bytes);
}
