// Server-side speech for TVs whose browser has no Mandarin voice: espeak-ng's Mandarin
// voice renders the call template to WAV. The voice is `cmn-latn-pinyin`: Debian's plain
// `cmn` reads the pinyin it makes of some characters as English ("请" → "king three"). Only text matching
// the call template is accepted; results are cached by text; at most one espeak-ng runs at
// a time (a 2-core box serves every station too).
import { execFile } from 'node:child_process';
import { CALL_TEXT_PATTERN, spokenCall } from '../../../core/contract.js';

const CACHE_MAX = 200;
/** Renders waiting at most: more is a flood, not a waiting room. */
const MAX_QUEUED = 8;

export class SpeechBusy extends Error {
  constructor() {
    super('too many speech renders queued');
  }
}
const cache = new Map<string, Buffer>();
const inFlight = new Map<string, Promise<Buffer>>();
let chain: Promise<unknown> = Promise.resolve();

export function isCallText(text: string): boolean {
  return text.length <= 64 && CALL_TEXT_PATTERN.test(text);
}

/** espeak-ng --stdout cannot seek: it leaves the RIFF and data sizes as placeholders. */
export function fixWavSizes(wav: Buffer): Buffer {
  if (wav.length < 44 || wav.toString('ascii', 0, 4) !== 'RIFF' || wav.toString('ascii', 8, 12) !== 'WAVE')
    throw new Error('espeak-ng did not produce a WAV');
  const out = Buffer.from(wav);
  out.writeUInt32LE(out.length - 8, 4);
  let p = 12;
  while (p + 8 <= out.length) {
    const id = out.toString('ascii', p, p + 4);
    if (id === 'data') {
      out.writeUInt32LE(out.length - (p + 8), p + 4);
      break;
    }
    p += 8 + out.readUInt32LE(p + 4);
  }
  return out;
}

function runEspeak(text: string): Promise<Buffer> {
  const spoken = spokenCall(text);
  return new Promise((resolve, reject) => {
    execFile(
      'espeak-ng',
      ['-v', 'cmn-latn-pinyin', '-s', '140', '--stdout', spoken],
      { encoding: 'buffer', maxBuffer: 8 * 1024 * 1024, timeout: 15_000 },
      (err, stdout) => {
        if (err) return reject(err);
        try {
          resolve(fixWavSizes(stdout));
        } catch (e) {
          reject(e);
        }
      },
    );
  });
}

/** The WAV of a call text (the caller has checked isCallText). */
export function speak(text: string): Promise<Buffer> {
  const hit = cache.get(text);
  if (hit) {
    cache.delete(text);
    cache.set(text, hit);
    return Promise.resolve(hit);
  }
  const pending = inFlight.get(text);
  if (pending) return pending;
  if (inFlight.size >= MAX_QUEUED) return Promise.reject(new SpeechBusy());
  const p = chain.then(() => runEspeak(text));
  chain = p.catch(() => undefined);
  const done = p
    .then((wav) => {
      cache.set(text, wav);
      if (cache.size > CACHE_MAX) cache.delete(cache.keys().next().value!);
      return wav;
    })
    .finally(() => inFlight.delete(text));
  inFlight.set(text, done);
  return done;
}
