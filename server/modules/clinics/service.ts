// Clinics (门诊诊室设置): each clinic department's queue prefix (A, B ...), registration fee
// and the catalog item it is charged as (挂号费, category 13), and its room. Admins edit them.
import type { Actor } from '../../http/actor.js';
import { conflict, DomainError, notFound, staleVersion } from '../../../core/errors.js';
import { t } from '../../../core/i18n.js';
import type { ModuleContext } from '../context.js';
import { today } from '../queue/index.js';
import { clinicChanged } from './events.js';
import * as repo from './repo.js';
import type { ClinicView, UpdateClinic } from './schema.js';

export const CLINIC = t('门诊科室', 'Clinic');

export function createClinicsService(deps: Pick<ModuleContext, 'db' | 'uow' | 'clock'>) {
  const { db, uow, clock } = deps;
  return {
    async list(): Promise<ClinicView[]> {
      return repo.list(db, await today(db, clock));
    },

    update(actor: Actor, departmentId: number, input: UpdateClinic): Promise<ClinicView> {
      return uow.write(async (tx) => {
        const dept = await repo.findDepartment(tx.db, departmentId);
        if (!dept) throw notFound(t('科室', 'Department'), departmentId, 'departmentId');
        if (dept.kind !== 'clinic') {
          throw new DomainError(
            422,
            'not_a_clinic',
            t(`“${dept.name}”不是门诊科室,不能设置挂号`, `"${dept.name}" is not an outpatient clinic`),
            'departmentId',
          );
        }
        const before = await repo.findSettings(tx.db, departmentId);
        if ((before?.version ?? null) !== input.version) throw staleVersion(CLINIC);
        if (input.registrationFeeFen > 0 && input.feeItemId === null) {
          throw new DomainError(
            422,
            'invalid',
            t('收挂号费时必须选择挂号费收费项目', 'A registration fee needs the catalog item it is charged as'),
            'feeItemId',
          );
        }
        if (input.feeItemId !== null) {
          const item = await repo.findItem(tx.db, input.feeItemId);
          if (!item || !item.active) throw notFound(t('收费项目', 'Catalog item'), input.feeItemId, 'feeItemId');
        }
        if (await repo.prefixTaken(tx.db, input.queuePrefix, departmentId)) {
          throw conflict(
            'duplicate',
            t(
              `号段前缀“${input.queuePrefix}”已被其他科室使用`,
              `The queue prefix "${input.queuePrefix}" is used by another clinic`,
            ),
            'queuePrefix',
          );
        }
        await repo.upsert(tx.db, departmentId, input, before !== undefined, tx.now);
        const after = await repo.findSettings(tx.db, departmentId);
        await tx.audit(actor, {
          action: 'clinic.update',
          entity: 'clinic',
          entityId: departmentId,
          before: before ?? null,
          after,
        });
        tx.emit(clinicChanged(departmentId));
        const day = await today(tx.db, { now: () => tx.now });
        return (await repo.list(tx.db, day, departmentId))[0]!;
      });
    },
  };
}

export type ClinicsService = ReturnType<typeof createClinicsService>;
