// The display's sound: a chime made with Web Audio (no sound file) and the spoken call —
// the browser's Mandarin voice (speechSynthesis, zh-CN) where it has one, else the server's
// espeak-ng WAV (GET /api/display/speech, token-authenticated). Calls are spoken one after
// another, never over each other.
import { spokenCall } from '../../core/contract.js';

let ctx: AudioContext | null = null;

export function audioContext(): AudioContext | null {
  try {
    ctx ??= new AudioContext();
    return ctx;
  } catch {
    return null;
  }
}

/** True when the browser will not play sound until someone touches the screen. */
export function soundBlocked(): boolean {
  const c = audioContext();
  return !!c && c.state === 'suspended';
}

export async function unlockSound(): Promise<void> {
  const c = audioContext();
  if (c && c.state === 'suspended') await c.resume();
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A three-note "ding-dong-ding", about a second. */
export async function chime(): Promise<void> {
  const c = audioContext();
  if (!c) return;
  if (c.state === 'suspended') await c.resume().catch(() => undefined);
  const start = c.currentTime + 0.05;
  [784, 659, 523].forEach((freq, i) => {
    const t0 = start + i * 0.32;
    const osc = c.createOscillator();
    const gain = c.createGain();
    osc.type = 'sine';
    osc.frequency.value = freq;
    gain.gain.setValueAtTime(0.0001, t0);
    gain.gain.exponentialRampToValueAtTime(0.3, t0 + 0.02);
    gain.gain.exponentialRampToValueAtTime(0.0001, t0 + 0.6);
    osc.connect(gain).connect(c.destination);
    osc.start(t0);
    osc.stop(t0 + 0.65);
  });
  await sleep(1100);
}

function zhVoice(): SpeechSynthesisVoice | null {
  if (typeof speechSynthesis === 'undefined') return null;
  return (
    speechSynthesis.getVoices().find((v) => /^(zh-CN|zh_CN|cmn)/i.test(v.lang)) ??
    speechSynthesis.getVoices().find((v) => /^zh/i.test(v.lang)) ??
    null
  );
}

function speakWithBrowser(text: string, voice: SpeechSynthesisVoice): Promise<void> {
  return new Promise((resolve) => {
    const u = new SpeechSynthesisUtterance(spokenCall(text));
    u.voice = voice;
    u.lang = 'zh-CN';
    u.rate = 0.9;
    const done = () => resolve();
    u.onend = done;
    u.onerror = done;
    speechSynthesis.speak(u);
    setTimeout(done, 15_000); // never hang the queue on a voice that does not report its end
  });
}

async function speakWithServer(text: string, token: string): Promise<void> {
  const res = await fetch(`/api/display/speech?text=${encodeURIComponent(text)}`, {
    headers: { 'x-display-token': token },
  });
  if (!res.ok) return;
  const url = URL.createObjectURL(await res.blob());
  try {
    const audio = new Audio(url);
    await new Promise<void>((resolve) => {
      audio.onended = () => resolve();
      audio.onerror = () => resolve();
      audio.play().catch(() => resolve());
      setTimeout(resolve, 15_000);
    });
  } finally {
    URL.revokeObjectURL(url);
  }
}

// Browsers load their voices lazily: ask early so the first call finds the Mandarin voice.
if (typeof speechSynthesis !== 'undefined') speechSynthesis.getVoices();

let queue: Promise<void> = Promise.resolve();

/** Chime, then speak the call; calls queue up one after another. */
export function announce(text: string, token: string): Promise<void> {
  queue = queue.then(async () => {
    try {
      await chime();
      const voice = zhVoice();
      if (voice) await speakWithBrowser(text, voice);
      else await speakWithServer(text, token);
    } catch {
      /* sound is a courtesy: the screen shows the call anyway */
    }
  });
  return queue;
}
