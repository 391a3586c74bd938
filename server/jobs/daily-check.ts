// A check that runs at server start and then once a day, publishing the events it finds
// (through uow.write, so they land in the event log and a screen reconnecting later still
// gets them). Nothing is written when it finds nothing. One run at a time; the timer is
// unref'd and stopped, waiting for a run in progress, with the server. Used by the
// equipment due alert and the stock expiry alert.
import type { DomainEvent } from '../realtime/bus.js';
import type { ModuleContext } from '../modules/context.js';

const DAY_MS = 24 * 60 * 60 * 1000;

export function startDailyCheck(
  m: Pick<ModuleContext, 'uow' | 'devices' | 'logger'>,
  what: string,
  find: () => Promise<DomainEvent[]>,
): void {
  let stopped = false;
  let running: Promise<void> | null = null;
  const check = () => {
    if (stopped || running) return;
    running = (async () => {
      try {
        const events = await find();
        if (stopped || events.length === 0) return;
        await m.uow.write(async (tx) => {
          for (const e of events) tx.emit(e);
        });
      } catch (err) {
        if (!stopped) m.logger.error({ err }, `${what} failed`);
      } finally {
        running = null;
      }
    })();
  };
  const daily = setInterval(check, DAY_MS);
  daily.unref();
  check();
  m.devices.onStop(async () => {
    stopped = true;
    clearInterval(daily);
    await running;
  });
}
