// How loaded the server is (issue 10 item 6): the event loop's delay (perf_hooks'
// monitorEventLoopDelay, p50/p99/max over the last interval) and the requests in flight, for
// /api/health; a pino warning, at most once a minute per kind, when the delay's p99 passes
// 100 ms or more than 50 requests stay in flight for a whole interval. A request counts from
// its arrival (the HTTP server's 'request' event) to the end of its response write.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';
import type { Logger } from 'pino';

export interface LoadSnapshot {
  eventLoopDelayMs: { p50: number; p99: number; max: number };
  /** The interval the delay figures cover (seconds; up to `intervalMs` after the start). */
  intervalSeconds: number;
  inFlight: number;
  /** The most requests in flight at once during that interval. */
  inFlightMax: number;
}

export interface LoadOptions {
  logger?: Logger;
  /** Length of one measuring interval (default 10 s). */
  intervalMs?: number;
  /** Warn when the event loop's p99 delay over an interval passes this (default 100 ms). */
  delayWarnMs?: number;
  /** Warn when at least this many requests were in flight through a whole interval (default 50). */
  inFlightWarn?: number;
  /** At most one warning of each kind this often (default 60 s). */
  warnEveryMs?: number;
}

export interface LoadMonitor {
  /** Counts a request from now until its response has been written (or its socket closed). */
  track(req: IncomingMessage, res: ServerResponse): void;
  inFlight(): number;
  snapshot(): LoadSnapshot;
  /** Ends the current interval now (tests; the timer does it every `intervalMs`). */
  tick(): void;
  stop(): void;
}

const ARRIVED = Symbol('jiceng.arrivedAt');

/** performance.now() when the request arrived, if a LoadMonitor tracked it. */
export function arrivedAt(req: IncomingMessage): number | undefined {
  return (req as IncomingMessage & { [ARRIVED]?: number })[ARRIVED];
}

const round = (ns: number) => Math.round(ns / 1e4) / 100; // ns → ms with two decimals

export function createLoadMonitor(opts: LoadOptions = {}): LoadMonitor {
  const intervalMs = opts.intervalMs ?? 10_000;
  const delayWarnMs = opts.delayWarnMs ?? 100;
  const inFlightWarn = opts.inFlightWarn ?? 50;
  const warnEveryMs = opts.warnEveryMs ?? 60_000;
  const histogram: IntervalHistogram = monitorEventLoopDelay({ resolution: 10 });
  histogram.enable();
  let inFlight = 0;
  let inFlightMax = 0;
  let inFlightMin = 0; // the fewest in flight during the current interval
  let intervalStart = performance.now();
  let last: LoadSnapshot | null = null;
  const lastWarned = { delay: -Infinity, inFlight: -Infinity };

  function current(): LoadSnapshot {
    const n = histogram.count;
    return {
      eventLoopDelayMs:
        n > 0
          ? { p50: round(histogram.percentile(50)), p99: round(histogram.percentile(99)), max: round(histogram.max) }
          : { p50: 0, p99: 0, max: 0 },
      intervalSeconds: Math.round((performance.now() - intervalStart) / 100) / 10,
      inFlight,
      inFlightMax,
    };
  }

  function warn(kind: 'delay' | 'inFlight', s: LoadSnapshot): void {
    const now = performance.now();
    if (now - lastWarned[kind] < warnEveryMs) return;
    lastWarned[kind] = now;
    opts.logger?.warn(
      { eventLoopDelayMs: s.eventLoopDelayMs, inFlight: s.inFlight, inFlightMax: s.inFlightMax },
      kind === 'delay' ? 'event loop delayed' : 'many requests in flight',
    );
  }

  function tick(): void {
    const s = current();
    if (s.eventLoopDelayMs.p99 > delayWarnMs) warn('delay', s);
    if (inFlightMin >= inFlightWarn) warn('inFlight', s);
    last = s;
    histogram.reset();
    intervalStart = performance.now();
    inFlightMax = inFlight;
    inFlightMin = inFlight;
  }

  const timer = setInterval(tick, intervalMs);
  timer.unref();

  return {
    track(req, res) {
      (req as IncomingMessage & { [ARRIVED]?: number })[ARRIVED] = performance.now();
      inFlight++;
      if (inFlight > inFlightMax) inFlightMax = inFlight;
      let done = false;
      const end = () => {
        if (done) return;
        done = true;
        inFlight--;
        if (inFlight < inFlightMin) inFlightMin = inFlight;
      };
      res.once('finish', end);
      res.once('close', end);
    },
    inFlight: () => inFlight,
    snapshot() {
      // The last whole interval; before the first one ends, what has been measured so far.
      const s = last ?? current();
      return { ...s, inFlight, inFlightMax: Math.max(s.inFlightMax, inFlight) };
    },
    tick,
    stop() {
      clearInterval(timer);
      histogram.disable();
    },
  };
}
