// Which encoding a response goes out in, from the request's Accept-Encoding, by RFC 9110 §12.5.3 (the
// negotiator package reads the q-values): brotli, then gzip, then the body as it is.
import Negotiator from 'negotiator';
import type { Encoding } from './page-cache.ts';

// Where the client weighs two encodings the same (`gzip, deflate, br`), the smaller one wins.
const encodingsByPreference: Encoding[] = ['br', 'gzip', 'identity'];

// @types/negotiator (0.6) does not know the `preferred` option that negotiator 1.x takes.
type EncodingNegotiator = { encodings(available: string[], options: { preferred: string[] }): string[] };

/**
 * No header means identity. When the client refuses everything we have (`identity;q=0`, `*;q=0`), the body
 * goes out as it is all the same: RFC 9110 allows ignoring the header, and a 406 helps no browser.
 */
export function chooseEncoding(acceptEncoding: string | undefined): Encoding {
  const negotiator = new Negotiator({
    headers: { 'accept-encoding': acceptEncoding },
  }) as unknown as EncodingNegotiator;
  const [best] = negotiator.encodings(encodingsByPreference, { preferred: encodingsByPreference });
  return (best as Encoding | undefined) ?? 'identity';
}
