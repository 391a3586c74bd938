// Waiting-room displays (候诊大屏): administrators create a display for some clinics and get
// its URL with a token once (only the hash is kept; regenerate to revoke). The TV reads its
// state with the token (no sign-in): per clinic who is called now, to which room, and the
// next three; the names are masked. It fetches the spoken call as WAV where it has no
// Mandarin voice.
import type { Actor } from '../../http/actor.js';
import { DomainError, notFound, staleVersion, unauthorized } from '../../../core/errors.js';
import { t } from '../../../core/i18n.js';
import { callText } from '../../../core/contract.js';
import type { ModuleContext } from '../context.js';
import { maskName, nextDayStart, today } from '../queue/index.js';
import { getInstitutionSettings } from '../settings/index.js';
import { displayChanged } from './events.js';
import * as repo from './repo.js';
import type { CreateDisplay, DisplayState, DisplayView, DisplayWithToken, UpdateDisplay } from './schema.js';
import { isCallText, speak, SpeechBusy } from './speech.js';
import { DISPLAY_TOKEN_PATTERN, hashDisplayToken, newDisplayToken } from './token.js';

export const DISPLAY = t('候诊大屏', 'Display');

const badToken = () =>
  unauthorized(
    'bad_display_token',
    t(
      '大屏链接无效或已失效,请向管理员索取新的链接',
      'This display link is not valid (any more); ask an administrator for a new one',
    ),
  );

export function createDisplayService(deps: Pick<ModuleContext, 'db' | 'uow' | 'clock'>) {
  const { db, uow, clock } = deps;

  async function checkClinics(ids: number[]): Promise<void> {
    const found = new Map((await repo.departments(db, ids)).map((d) => [d.id, d]));
    ids.forEach((id, i) => {
      const d = found.get(id);
      if (!d)
        throw new DomainError(
          404,
          'not_found',
          t(`科室不存在(编号 ${id})`, `Department ${id} does not exist`),
          `departmentIds.${i}`,
        );
      if (d.kind !== 'clinic')
        throw new DomainError(
          422,
          'not_a_clinic',
          t(`“${d.name}”不是门诊科室`, `"${d.name}" is not an outpatient clinic`),
          `departmentIds.${i}`,
        );
    });
  }

  const withToken = (display: DisplayView, token: string): DisplayWithToken => ({
    display,
    token,
    url: `/display/${token}`,
  });

  async function authenticate(token: string) {
    if (!DISPLAY_TOKEN_PATTERN.test(token)) throw badToken();
    const d = await repo.findByTokenHash(db, hashDisplayToken(token));
    if (!d || !d.active) throw badToken();
    return d;
  }

  return {
    async list(): Promise<DisplayView[]> {
      return repo.list(db);
    },

    async create(actor: Actor, input: CreateDisplay): Promise<DisplayWithToken> {
      await checkClinics(input.departmentIds);
      const token = newDisplayToken();
      return uow.write(async (tx) => {
        const id = await repo.insert(
          tx.db,
          { name: input.name, departmentIds: input.departmentIds, tokenHash: hashDisplayToken(token) },
          tx.now,
        );
        const after = (await repo.findById(tx.db, id))!;
        await tx.audit(actor, { action: 'display.create', entity: 'display', entityId: id, before: null, after });
        tx.emit(displayChanged(id, 'created'));
        return withToken(after, token);
      });
    },

    async update(actor: Actor, id: number, input: UpdateDisplay): Promise<DisplayView> {
      await checkClinics(input.departmentIds);
      return uow.write(async (tx) => {
        const before = await repo.findById(tx.db, id);
        if (!before) throw notFound(DISPLAY, id);
        if (before.version !== input.version) throw staleVersion(DISPLAY);
        await repo.update(
          tx.db,
          id,
          { name: input.name, departmentIds: input.departmentIds, active: input.active },
          tx.now,
        );
        const after = (await repo.findById(tx.db, id))!;
        await tx.audit(actor, { action: 'display.update', entity: 'display', entityId: id, before, after });
        tx.emit(displayChanged(id, 'updated'));
        return after;
      });
    },

    async regenerateToken(actor: Actor, id: number): Promise<DisplayWithToken> {
      const token = newDisplayToken();
      return uow.write(async (tx) => {
        const before = await repo.findById(tx.db, id);
        if (!before) throw notFound(DISPLAY, id);
        await repo.update(tx.db, id, { tokenHash: hashDisplayToken(token) }, tx.now);
        const after = (await repo.findById(tx.db, id))!;
        await tx.audit(actor, {
          action: 'display.token',
          entity: 'display',
          entityId: id,
          summary: { regenerated: true },
        });
        tx.emit(displayChanged(id, 'updated'));
        return withToken(after, token);
      });
    },

    async remove(actor: Actor, id: number): Promise<{ id: number; deleted: true }> {
      return uow.write(async (tx) => {
        const before = await repo.findById(tx.db, id);
        if (!before) throw notFound(DISPLAY, id);
        await repo.remove(tx.db, id);
        await tx.audit(actor, { action: 'display.delete', entity: 'display', entityId: id, before, after: null });
        tx.emit(displayChanged(id, 'deleted'));
        return { id, deleted: true as const };
      });
    },

    async state(token: string): Promise<DisplayState> {
      const d = await authenticate(token);
      const lastSeq = await repo.lastSeq(db);
      const day = await today(db, clock);
      const ids = JSON.parse(d.department_ids_json) as number[];
      const clinics = ids.length ? await repo.clinicsOf(db, ids) : [];
      const entries = ids.length ? await repo.activeEntries(db, ids, day) : [];
      const settings = await getInstitutionSettings(db);
      const byId = new Map(clinics.map((c) => [c.id, c]));
      return {
        display: { id: d.id, name: d.name },
        institution: settings.name,
        timeZone: settings.timeZone,
        day,
        dayEndsAt: nextDayStart(clock.now(), settings.timeZone),
        lastSeq,
        clinics: ids
          .filter((id) => byId.has(id))
          .map((id) => {
            const c = byId.get(id)!;
            const mine = entries.filter((e) => e.department_id === id);
            const calling = mine
              .filter((e) => e.status === 'called')
              .sort((a, b) => (b.called_at ?? 0) - (a.called_at ?? 0))
              .slice(0, 3)
              .map((e) => {
                const maskedName = maskName(e.name);
                return {
                  entryId: e.id,
                  label: e.queue_label,
                  maskedName,
                  room: e.room,
                  callCount: e.call_count,
                  calledAt: e.called_at,
                  text: callText(e.queue_label, maskedName, e.room, c.name),
                };
              });
            const waiting = mine.filter((e) => e.status === 'waiting');
            return {
              departmentId: id,
              name: c.name,
              room: c.room,
              calling,
              next: waiting
                .slice(0, 3)
                .map((e) => ({ entryId: e.id, label: e.queue_label, maskedName: maskName(e.name) })),
              waiting: waiting.length,
            };
          }),
      };
    },

    async speech(token: string, text: string): Promise<Buffer> {
      await authenticate(token);
      if (!isCallText(text)) {
        throw new DomainError(
          422,
          'invalid',
          t(
            '只能朗读叫号语句(请 A012 号 张*三 到 2 诊室 就诊)',
            'Only the call template can be spoken ("请 A012 号 张*三 到 2 诊室 就诊")',
          ),
          'text',
        );
      }
      try {
        return await speak(text);
      } catch (e) {
        if (e instanceof SpeechBusy)
          throw new DomainError(
            503,
            'speech_busy',
            t('语音合成繁忙,请稍后再试', 'Speech synthesis is busy; try again shortly'),
          );
        throw new DomainError(
          503,
          'speech_unavailable',
          t(
            '服务器语音合成不可用(espeak-ng 未安装?)',
            'Speech synthesis is not available on the server (is espeak-ng installed?)',
          ),
        );
      }
    },
  };
}

export type DisplayService = ReturnType<typeof createDisplayService>;
