// The card-reader service of the box: watches the readers (pcscd through pcsclite, or the
// in-memory fake), reads each card inserted in a reader BOUND to a workstation (other readers'
// cards are left alone: ATR only; the devices page's test read reads them on purpose)
// through the card profiles, and pushes the
// holder's data ONLY to the workstation(s) bound to that reader (workstations.card_reader),
// ephemerally: card:read goes to the sockets of browsers bound to that workstation now and is
// never written to event_log (no replay of ID numbers to a reconnecting desk);
// failures become card:error with a clear message on that screen. Every read is audited
// with a masked summary. Reader states for the devices page and /api/health.
import type { Logger } from 'pino';
import type { Db } from '../../../db/connection.js';
import { FakeCardReaders } from '../../../devices/card-reader/fake.js';
import { PcscCardReaders } from '../../../devices/card-reader/pcsc.js';
import { readCard } from '../../../devices/card-reader/read.js';
import {
  CardError,
  type CardErrorCode,
  type CardReadResult,
  type CardReaderService,
} from '../../../devices/card-reader/types.js';
import type { DeviceRegistry, DeviceStatus } from '../../../devices/registry.js';
import type { Config } from '../../config.js';
import type { Clock } from '../../lib/clock.js';
import type { AuditWho, UnitOfWork } from '../../lib/uow.js';
import type { EventBus } from '../../realtime/bus.js';
import { CARD_EVENTS, type CardErrorPayload, type CardReadPayload } from '../../../core/contract.js';
import { rooms } from '../../realtime/rooms.js';
import { maskIdNumber } from '../patients/index.js';
import { maskName } from '../queue/index.js';
import { cardErrorText } from './messages.js';
import { readerBindings, type Binding } from './repo.js';

export type ReaderState = 'no-card' | 'card-present' | 'reading' | 'error' | 'gone';

export interface MaskedRead {
  at: number;
  profile: string;
  uid: string | null;
  person: { name: string; idNumber: string; sex: 'M' | 'F' | 'U'; birthDate: string | null } | null;
}

interface ReaderRecord {
  name: string;
  state: ReaderState;
  atr: string | null;
  lastSeenAt: number;
  lastRead: MaskedRead | null;
  /** The last failure; atr: the card's ATR when it failed (an unknown card's, to add a profile for it). */
  error: { code: CardErrorCode; message: { zh: string; en: string }; at: number; atr: string | null } | null;
}

export interface ReaderView extends ReaderRecord {
  workstations: Array<{ id: number; name: string }>;
}

export interface CardReadersModule {
  readonly service: CardReaderService | null;
  mode: Config['cardReaders'];
  list(): Promise<{ service: { mode: string; state: string; detail: string | null }; readers: ReaderView[] }>;
  /** Reads the card in `name` now (devices page): the masked result; audited. */
  testRead(
    who: AuditWho,
    name: string,
  ): Promise<{ readerName: string; profile: string; atr: string; read: MaskedRead }>;
  stop(): Promise<void>;
}

export function maskRead(r: CardReadResult, at: number): MaskedRead {
  return {
    at,
    profile: r.profile,
    uid: r.uid,
    person: r.person
      ? {
          name: maskName(r.person.name),
          idNumber: maskIdNumber(r.person.idNumber) ?? '',
          sex: r.person.sex,
          birthDate: r.person.birthDate,
        }
      : null,
  };
}

const SYSTEM = (workstationId: number | null): AuditWho => ({ userId: null, username: null, ip: null, workstationId });

export function createCardReaders(deps: {
  db: Db;
  uow: UnitOfWork;
  clock: Clock;
  logger: Logger;
  config: Config;
  devices: DeviceRegistry;
  bus: EventBus;
}): CardReadersModule {
  const { db, uow, clock, logger, bus } = deps;
  const mode = deps.config.cardReaders;
  const records = new Map<string, ReaderRecord>();
  const inFlight = new Set<Promise<unknown>>();
  let stopping = false;

  const service: CardReaderService | null =
    mode === 'pcsc'
      ? new PcscCardReaders({ log: (level, msg, extra) => logger[level]({ ...extra }, msg) })
      : mode === 'fake'
        ? new FakeCardReaders()
        : null;

  const record = (name: string): ReaderRecord => {
    let r = records.get(name);
    if (!r) {
      r = { name, state: 'no-card', atr: null, lastSeenAt: clock.now(), lastRead: null, error: null };
      records.set(name, r);
    }
    return r;
  };

  const boundTo = async (name: string): Promise<Binding[]> =>
    (await readerBindings(db)).filter((b) => b.readerName === name);

  /** One write: the optional audit entry and the events (published after commit). */
  const track = <T>(p: Promise<T>): Promise<T> => {
    inFlight.add(p);
    void p.finally(() => inFlight.delete(p)).catch(() => undefined);
    return p;
  };

  const setState = (name: string, state: ReaderState) => {
    const r = record(name);
    if (r.state === state) return;
    r.state = state;
    r.lastSeenAt = clock.now();
    if (stopping) return;
    void track(
      uow.write(async (tx) => {
        tx.emit({ name: CARD_EVENTS.readerChanged, rooms: [rooms.admin()], payload: { readerName: name, state } });
      }),
    ).catch((e) => logger.warn({ err: e }, 'card reader: state event failed'));
  };

  const pushError = async (
    name: string,
    code: CardErrorCode,
    detail: string,
    audit: boolean,
    atr: string | null = null,
  ) => {
    if (stopping) return;
    const bindings = await boundTo(name);
    const message = cardErrorText(code);
    const payload: CardErrorPayload = { readerName: name, code, message };
    await uow.write(async (tx) => {
      if (audit) {
        await tx.audit(SYSTEM(bindings[0]?.workstationId ?? null), {
          action: 'card.read',
          outcome: 'failed',
          entity: 'card_reader',
          entityId: name,
          summary: { code, detail: detail.slice(0, 300), atr, workstations: bindings.map((b) => b.workstationId) },
        });
      }
      if (bindings.length)
        tx.emit({ name: CARD_EVENTS.error, rooms: bindings.map((b) => rooms.workstation(b.workstationId)), payload });
    });
  };

  /** Reads the inserted card and pushes the result to the bound workstations. */
  const readInserted = async (name: string) => {
    const r = record(name);
    setState(name, 'reading');
    try {
      const res = await readCard(service!, name);
      if (stopping) return;
      const at = clock.now();
      r.lastRead = maskRead(res, at);
      r.error = null;
      const bindings = await boundTo(name);
      const payload: CardReadPayload = { readerName: name, profile: res.profile, person: res.person, uid: res.uid };
      await uow.write(async (tx) => {
        await tx.audit(SYSTEM(bindings[0]?.workstationId ?? null), {
          action: 'card.read',
          entity: 'card_reader',
          entityId: name,
          summary: {
            profile: res.profile,
            person: r.lastRead!.person,
            uid: res.uid,
            workstations: bindings.map((b) => b.workstationId),
          },
        });
      });
      // After the audit committed; ephemeral: the ID number never reaches event_log.
      if (bindings.length)
        bus.publishEphemeral(
          { name: CARD_EVENTS.read, rooms: bindings.map((b) => rooms.workstation(b.workstationId)), payload },
          at,
        );
      // The card may have left while the read finished.
      const still = service!.readers().find((x) => x.name === name);
      setState(name, still ? (still.cardPresent ? 'card-present' : 'no-card') : 'gone');
    } catch (e) {
      if (stopping) return;
      const ce = e instanceof CardError ? e : new CardError('read_failed', String((e as Error)?.message ?? e));
      logger.warn({ reader: name, code: ce.code, err: ce.message }, 'card read failed');
      const atr = r.atr;
      r.error = { code: ce.code, message: cardErrorText(ce.code), at: clock.now(), atr };
      const still = service!.readers().find((x) => x.name === name);
      setState(name, !still ? 'gone' : ce.code === 'card_removed' && !still.cardPresent ? 'no-card' : 'error');
      await pushError(name, ce.code, ce.message, true, atr);
    }
  };

  if (service) {
    for (const ev of ['reader-added', 'reader-removed', 'card-inserted', 'card-removed', 'service'])
      service.on(ev, (...a: unknown[]) => logger.debug({ event: ev, args: a }, 'card reader event'));
    service.on('reader-added', (name: string) => {
      const r = record(name);
      r.atr = null;
      setState(name, 'no-card');
      // Back after being unplugged or after pcscd came back: the desk's "disconnected" message
      // is cleared now (card:ready), not at the next card.
      if (r.error && (r.error.code === 'reader_gone' || r.error.code === 'service_down')) {
        r.error = null;
        if (stopping) return;
        void track(
          (async () => {
            const bindings = await boundTo(name);
            if (!bindings.length) return;
            await uow.write(async (tx) => {
              tx.emit({
                name: CARD_EVENTS.ready,
                rooms: bindings.map((b) => rooms.workstation(b.workstationId)),
                payload: { readerName: name },
              });
            });
          })(),
        ).catch((e) => logger.warn({ err: e }, 'reader ready event failed'));
      }
    });
    service.on('card-inserted', (name: string, atr: string) => {
      const r = record(name);
      r.atr = atr || null;
      // Only readers bound to a workstation are read (and held, briefly, exclusively): a card
      // in any other reader of the box is left alone for other programs; its ATR shows on the
      // devices page, whose test read reads it on purpose.
      void track(
        (async () => {
          if (!(await boundTo(name)).length) {
            if (r.state !== 'reading') setState(name, 'card-present');
            return;
          }
          await readInserted(name);
        })(),
      ).catch((e) => logger.error({ err: e }, 'card read crashed'));
    });
    service.on('card-removed', (name: string) => {
      const r = record(name);
      r.atr = null;
      if (r.state !== 'reading') setState(name, 'no-card');
      if (stopping) return;
      void track(
        (async () => {
          const bindings = await boundTo(name);
          if (!bindings.length) return;
          await uow.write(async (tx) => {
            tx.emit({
              name: CARD_EVENTS.removed,
              rooms: bindings.map((b) => rooms.workstation(b.workstationId)),
              payload: { readerName: name },
            });
          });
        })(),
      ).catch((e) => logger.warn({ err: e }, 'card removed event failed'));
    });
    service.on('reader-removed', (name: string) => {
      setState(name, 'gone');
      const code: CardErrorCode = service.serviceState === 'down' ? 'service_down' : 'reader_gone';
      record(name).error = { code, message: cardErrorText(code), at: clock.now(), atr: null };
      void track(pushError(name, code, 'reader removed', false)).catch((e) =>
        logger.warn({ err: e }, 'reader gone event failed'),
      );
    });
    service.start();
  }

  const unregister = deps.devices.register((): DeviceStatus[] => {
    const out: DeviceStatus[] = [...records.values()].map((r) => ({
      kind: 'card-reader',
      name: r.name,
      state: r.state,
      ...(r.error && r.state === 'error' ? { detail: r.error.code } : {}),
    }));
    if (service && service.serviceState === 'down')
      out.push({ kind: 'card-reader', name: 'pcscd', state: 'offline', detail: service.serviceDetail ?? '' });
    return out;
  });

  const mod: CardReadersModule = {
    service,
    mode,
    async list() {
      const bindings = await readerBindings(db);
      for (const b of bindings)
        if (!records.has(b.readerName)) records.set(b.readerName, { ...record(b.readerName), state: 'gone' });
      const readers = [...records.values()]
        .map((r) => ({
          ...r,
          workstations: bindings
            .filter((b) => b.readerName === r.name)
            .map((b) => ({ id: b.workstationId, name: b.workstationName })),
        }))
        .sort((a, b) => a.name.localeCompare(b.name));
      return {
        service: { mode, state: service ? service.serviceState : 'off', detail: service?.serviceDetail ?? null },
        readers,
      };
    },
    async testRead(who, name) {
      if (!service) throw new CardError('service_down', 'card readers are turned off (CARD_READERS=off)');
      const at = clock.now();
      let res: CardReadResult;
      try {
        res = await readCard(service, name);
      } catch (e) {
        const ce = e instanceof CardError ? e : new CardError('read_failed', String((e as Error)?.message ?? e));
        await uow.write(async (tx) => {
          await tx.audit(who, {
            action: 'card.read',
            outcome: 'failed',
            entity: 'card_reader',
            entityId: name,
            summary: { code: ce.code, atr: records.get(name)?.atr ?? null, test: true },
          });
        });
        throw ce;
      }
      const read = maskRead(res, at);
      const r = records.get(name);
      if (r) {
        r.lastRead = read;
        r.error = null;
      }
      await uow.write(async (tx) => {
        await tx.audit(who, {
          action: 'card.read',
          entity: 'card_reader',
          entityId: name,
          summary: { profile: res.profile, person: read.person, uid: res.uid, test: true },
        });
      });
      return { readerName: name, profile: res.profile, atr: res.atr, read };
    },
    async stop() {
      stopping = true;
      unregister();
      await Promise.race([Promise.allSettled([...inFlight]), new Promise((r) => setTimeout(r, 3000).unref())]);
      await service?.stop();
    },
  };
  deps.devices.onStop(() => mod.stop());
  return mod;
}
