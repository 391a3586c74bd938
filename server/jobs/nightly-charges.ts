// A job that runs once a day at a time of day the center sets (the wards' nightly bed fees, default
// 23:30 center time): at server start it runs what is due (a night missed while the server was down
// is filled then, never doubled: the run itself is idempotent and remembers its last day), then sleeps
// until the next run time, waking at least hourly to follow a changed setting. One run at a time; the
// timer is unref'd and stopped, waiting for a run in progress, with the server.
import type { ModuleContext } from '../modules/context.js';

const HOUR_MS = 60 * 60 * 1000;

export function startNightlyJob(
  m: Pick<ModuleContext, 'devices' | 'logger'>,
  what: string,
  job: { run: () => Promise<unknown>; msUntilNext: () => Promise<number> },
): void {
  let stopped = false;
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> | null = null;
  const schedule = (ms: number) => {
    if (stopped) return;
    timer = setTimeout(tick, Math.max(1000, Math.min(ms, HOUR_MS)));
    timer.unref();
  };
  const tick = () => {
    timer = null;
    if (stopped || running) return;
    running = (async () => {
      let next = HOUR_MS;
      try {
        await job.run();
        next = await job.msUntilNext();
      } catch (err) {
        if (!stopped) m.logger.error({ err }, `${what} failed`);
      } finally {
        running = null;
        schedule(next);
      }
    })();
  };
  tick();
  m.devices.onStop(async () => {
    stopped = true;
    if (timer) clearTimeout(timer);
    await running;
  });
}
