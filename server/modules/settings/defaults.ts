// Institution settings (机构参数): the typed shape and its defaults.
export type AntibioticTier = 'none' | 'unrestricted' | 'restricted' | 'special';

export interface PrescriptionSettings {
  /** Days a prescription stays valid by default (处方当日有效). */
  validDays: number;
  /** The most a doctor may extend validity to (最长 3 天). */
  maxValidDays: number;
  /** Normal supply limit in days (一般不超过 7 日用量). */
  maxSupplyDays: number;
  /** Emergency supply limit in days (急诊不超过 3 日用量). */
  emergencyMaxSupplyDays: number;
  /** Chronic / elderly supply limit with a recorded reason. */
  chronicMaxSupplyDays: number;
  /** Drugs on one Western / patent-medicine prescription (不超过 5 种). */
  maxDrugsPerPrescription: number;
  /** Highest antibiotic tier a doctor may prescribe, by professional title level. */
  antibioticTierByTitleLevel: { junior: AntibioticTier; intermediate: AntibioticTier; senior: AntibioticTier };
  /** Special-use antibiotics allowed in outpatient care. */
  specialUseInOutpatient: boolean;
}

export interface InventorySettings {
  /** Lots expiring within this many days are reported and alerted as near expiry (近效期, default 90). */
  nearExpiryDays: number;
  /**
   * A receipt line whose lot expires within this many months is warned and needs confirming at posting (近效期入库,
   * default 6).
   */
  shortShelfLifeMonths: number;
  /**
   * 允许同品种不同进价批次: receipts of zero-markup essential drugs may come at a purchase price other than the retail
   * price (a lot at that price).
   */
  allowMixedPriceLots: boolean;
}

export interface BillingWarnSettings {
  /** A charge line above this (fen) asks the cashier to confirm before charging (0 = never). */
  lineWarnFen: number;
  /** A bill above this (fen) asks the cashier to confirm before charging (0 = never). */
  billWarnFen: number;
}

export interface PharmacySettings {
  /** 配药/核对: one pharmacist prepares, a different one checks and dispenses (off by default). */
  twoPersonCheck: boolean;
}

export interface InsuranceDeskSettings {
  /** How long a 1101 look-up stays good for registering an insured visit (hours; issue 11). */
  lookupValidHours: number;
}

export interface InstitutionSettings {
  name: string;
  code: string;
  address: string;
  phone: string;
  timeZone: string;
  prescription: PrescriptionSettings;
  zeroMarkupEssentialDrugs: boolean;
  externalEmr: boolean;
  /** The drug store and pharmacies (issue 5). */
  inventory: InventorySettings;
  /** Unusual amounts at the cashier (issue 9 item 6). */
  billing: BillingWarnSettings;
  /** The pharmacy's review (issue 9 item 10). */
  pharmacy: PharmacySettings;
  /** The insured registration's look-up (issue 11). */
  insurance: InsuranceDeskSettings;
  /** 0 until first saved. */
  version: number;
}

export const INSTITUTION_DEFAULTS: InstitutionSettings = {
  name: '',
  code: '',
  address: '',
  phone: '',
  timeZone: 'Asia/Shanghai',
  prescription: {
    validDays: 1,
    maxValidDays: 3,
    maxSupplyDays: 7,
    emergencyMaxSupplyDays: 3,
    chronicMaxSupplyDays: 30,
    maxDrugsPerPrescription: 5,
    antibioticTierByTitleLevel: { junior: 'unrestricted', intermediate: 'restricted', senior: 'special' },
    specialUseInOutpatient: false,
  },
  zeroMarkupEssentialDrugs: true,
  externalEmr: false,
  inventory: { nearExpiryDays: 90, shortShelfLifeMonths: 6, allowMixedPriceLots: false },
  billing: { lineWarnFen: 50_000, billWarnFen: 200_000 },
  pharmacy: { twoPersonCheck: false },
  insurance: { lookupValidHours: 12 },
  version: 0,
};

const isPlain = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Stored values over defaults, key by key: only keys the defaults know, and only values of
 * the same type (a stored value of the wrong type falls back to the default).
 */
export function mergeDefaults<T>(defaults: T, stored: unknown): T {
  if (!isPlain(defaults) || !isPlain(stored)) {
    return (
      typeof stored === typeof defaults && stored !== null && !isPlain(stored) && !Array.isArray(stored)
        ? stored
        : defaults
    ) as T;
  }
  const out: Record<string, unknown> = {};
  for (const [k, d] of Object.entries(defaults))
    out[k] = k in stored ? mergeDefaults(d, stored[k]) : structuredClone(d);
  return out as T;
}
