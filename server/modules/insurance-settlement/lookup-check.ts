// An insured registration (payer insured) must carry the 1101 look-up the desk made for THIS
// patient (its lookupId), recent (institution setting insurance.lookupValidHours, 12 h by
// default), with an insutype chosen that is not suspended. Registration calls this inside its
// write, before anything is written: any failure is a 422 naming insuranceLookupId.
import type { Db } from '../../../db/connection.js';
import { invalid } from '../../../core/errors.js';
import { t } from '../../../core/i18n.js';
import type { Trx } from '../../lib/uow.js';
import { personLookupById, type PersonLookup } from '../insurance/index.js';

const FIELD = 'insuranceLookupId';

/** The look-up an insured registration may use, or a 422 on `insuranceLookupId` saying why not. */
export async function assertInsuredLookup(
  db: Db | Trx,
  v: { patientId: number; lookupId: number | null | undefined; now: number; validHours: number },
): Promise<PersonLookup> {
  if (v.lookupId == null)
    throw invalid(
      FIELD,
      t(
        '医保挂号须先读卡或输入身份证号查询参保信息(1101)并选择险种',
        'An insured registration needs the insurance look-up (1101) of this patient with an insurance type chosen',
      ),
    );
  const l = await personLookupById(db, v.lookupId);
  if (!l)
    throw invalid(
      FIELD,
      t(
        `参保查询记录 ${v.lookupId} 不存在,请重新查询`,
        `Insurance look-up ${v.lookupId} does not exist; look up again`,
      ),
    );
  if (l.patientId !== v.patientId)
    throw invalid(
      FIELD,
      t(
        `该参保查询(${l.person.name})不是本患者的,请为本患者重新查询`,
        `This insurance look-up (${l.person.name}) is not of this patient; look this patient up`,
      ),
    );
  const ageMs = v.now - l.at;
  if (ageMs > v.validHours * 3_600_000)
    throw invalid(
      FIELD,
      t(
        `参保查询已超过 ${v.validHours} 小时,请重新读卡查询`,
        `The insurance look-up is older than ${v.validHours} h; look the patient up again`,
      ),
    );
  const ins = l.insutype ? l.person.insurances.find((i) => i.insutype === l.insutype) : undefined;
  if (!ins)
    throw invalid(FIELD, t('请在参保信息中选择险种后再按医保挂号', 'Choose the insurance type of the look-up first'));
  if (ins.suspended)
    throw invalid(
      FIELD,
      t(
        `险种 ${ins.insutypeName} 状态为“${ins.statusName}”,不能按医保挂号,请按自费挂号`,
        `${ins.insutypeName} is ${ins.statusName}: register as cash`,
      ),
    );
  return l;
}
