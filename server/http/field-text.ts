// Field errors as sentences: a zod issue becomes "姓名不能为空" / "Name cannot be empty",
// naming the field by its human label. Labels come from a per-schema label map
// (`labelFields(Schema, { name: t('姓名', 'Name') })`), then from the same field schema
// labelled under the same key elsewhere (so `.extend()`/`.partial()` keep their labels),
// then from a small dictionary of common field names; an unlabelled field is named by its
// key in quotes, still inside a sentence. zod's own locale text never reaches the user,
// except a schema's own bilingual message ("中文(English)") on a pattern or refinement.
import type { z } from 'zod';
import { t, type Text } from '../../core/i18n.js';

type Labels = Record<string, Text>;
type AnyType = z.core.$ZodType;

const objectLabels = new WeakMap<object, Labels>();
const fieldLabels = new WeakMap<object, Map<string, Text>>();

/** Labels the fields of an object schema (only labels: no rule changes). Returns the schema. */
export function labelFields<S extends z.ZodObject>(
  schema: S,
  labels: Partial<Record<keyof S['shape'] & string, Text>>,
): S {
  const own = { ...(objectLabels.get(schema) ?? {}), ...(labels as Labels) };
  objectLabels.set(schema, own);
  const shape = schema.shape as Record<string, AnyType>;
  for (const [k, text] of Object.entries(labels as Labels)) {
    const f = shape[k];
    if (!f) continue;
    let m = fieldLabels.get(f);
    if (!m) fieldLabels.set(f, (m = new Map()));
    if (!m.has(k)) m.set(k, text);
  }
  return schema;
}

/** Common field names used across modules (the last resort before the bare key). */
const COMMON: Labels = {
  name: t('名称', 'Name'),
  username: t('用户名', 'Username'),
  password: t('密码', 'Password'),
  currentPassword: t('当前密码', 'Current password'),
  newPassword: t('新密码', 'New password'),
  phone: t('电话', 'Phone'),
  idNumber: t('身份证号', 'ID number'),
  sex: t('性别', 'Sex'),
  birthDate: t('出生日期', 'Date of birth'),
  address: t('地址', 'Address'),
  quantity: t('数量', 'Quantity'),
  reason: t('原因', 'Reason'),
  note: t('备注', 'Note'),
  notes: t('备注', 'Notes'),
  code: t('编码', 'Code'),
  spec: t('规格', 'Specification'),
  unit: t('单位', 'Unit'),
  packUnit: t('包装单位', 'Pack unit'),
  packSize: t('包装数量', 'Pack size'),
  priceFen: t('价格', 'Price'),
  amountFen: t('金额', 'Amount'),
  version: t('版本号', 'Version'),
  lines: t('明细', 'Lines'),
  items: t('明细', 'Items'),
  patientId: t('患者', 'Patient'),
  departmentId: t('科室', 'Department'),
  doctorStaffId: t('医生', 'Doctor'),
  staffId: t('人员', 'Staff member'),
  itemId: t('项目', 'Item'),
  pharmacyId: t('药房', 'Pharmacy'),
  supplierId: t('供应商', 'Supplier'),
  locationId: t('库房', 'Store'),
  workstationId: t('工作站', 'Workstation'),
  roleId: t('角色', 'Role'),
  visitId: t('就诊', 'Visit'),
  orderId: t('处方', 'Order'),
  billId: t('账单', 'Bill'),
  lotNo: t('批号', 'Lot number'),
  expiryDate: t('有效期', 'Expiry date'),
  day: t('日期', 'Date'),
  from: t('开始日期', 'From'),
  to: t('结束日期', 'To'),
  q: t('搜索词', 'Search text'),
  limit: t('条数', 'Limit'),
  offset: t('起始位置', 'Offset'),
  id: t('编号', 'ID'),
  active: t('是否在用', 'Active'),
  kind: t('类别', 'Kind'),
  title: t('职称', 'Title'),
  method: t('支付方式', 'Payment method'),
  dose: t('每次剂量', 'Dose'),
  doseUnit: t('剂量单位', 'Dose unit'),
  frequency: t('频次', 'Frequency'),
  route: t('用法', 'Route'),
  days: t('天数', 'Days'),
  diagnoses: t('诊断', 'Diagnoses'),
  allergies: t('过敏史', 'Allergies'),
  insuranceNo: t('医保号', 'Insurance number'),
  clinicId: t('诊室', 'Clinic'),
};

/** The whole input, when the issue is about it rather than one of its fields. */
const WHOLE: Labels = {
  body: t('提交的内容', 'The request body'),
  query: t('查询条件', 'The query'),
  params: t('地址中的参数', 'The address'),
};

/** A schema's definition, whatever its wrapper. */
const def = (s: AnyType): Record<string, any> => (s as unknown as { _zod: { def: Record<string, any> } })._zod.def;

/** Strips optional/nullable/default/pipe/… wrappers (the pipe's input side: what the user sent). */
function unwrap(s: AnyType): AnyType {
  for (let i = 0; i < 20; i++) {
    const d = def(s);
    if (
      ['optional', 'nullable', 'default', 'prefault', 'readonly', 'catch', 'nonoptional', 'success'].includes(d.type) &&
      d.innerType
    )
      s = d.innerType;
    else if (d.type === 'pipe' && d.in) s = d.in;
    else if (d.type === 'lazy' && typeof d.getter === 'function') s = d.getter();
    else return s;
  }
  return s;
}

function labelOf(obj: AnyType, key: string): Text | null {
  const own = objectLabels.get(obj)?.[key];
  if (own) return own;
  // The same field schema labelled under the same key elsewhere (also inside the wrappers
  // that .partial() and .optional() add around it).
  let f = (def(obj).shape as Record<string, AnyType> | undefined)?.[key];
  for (let i = 0; f && i < 10; i++) {
    const hit = fieldLabels.get(f)?.get(key);
    if (hit) return hit;
    const d = def(f);
    f = d.innerType ?? (d.type === 'pipe' ? d.in : undefined);
  }
  return null;
}

export interface FieldInfo {
  /** The human label, with the row for array elements (第 2 行的数量 / Quantity (line 2)). */
  label: Text;
  /** The field's own schema (inner, unwrapped), when it could be found. */
  schema: AnyType | null;
}

/** Finds the label and schema at `path` inside `root`. */
export function fieldAt(root: AnyType, path: PropertyKey[], fallback: string): FieldInfo {
  let s: AnyType | null = root;
  let label: Text | null = null;
  let lastKey: string | null = null;
  let row: number | null = null; // the 1-based row of the last list index passed
  let endsAtRow = false; // the path ends on a list entry itself (not a field inside it)
  for (const seg of path) {
    if (!s) break;
    s = unwrap(s);
    const d = def(s);
    endsAtRow = false;
    if (d.type === 'record' || d.type === 'map') {
      // Keys of a record or map are data, not fields: the record's own label names it.
      s = d.valueType as AnyType;
      continue;
    }
    if (typeof seg === 'number' || /^\d+$/.test(String(seg))) {
      if (d.type === 'array' || d.type === 'set') s = (d.element ?? d.valueType) as AnyType;
      else if (d.type === 'tuple') s = (d.items as AnyType[])[Number(seg)] ?? null;
      else s = null;
      row = Number(seg) + 1;
      endsAtRow = true;
      continue;
    }
    const key = String(seg);
    lastKey = key;
    if (d.type === 'object') {
      label = labelOf(s, key) ?? COMMON[key] ?? null;
      s = (d.shape as Record<string, AnyType>)[key] ?? null;
    } else if (d.type === 'union') {
      const opt = (d.options as AnyType[])
        .map(unwrap)
        .find((o) => def(o).type === 'object' && key in (def(o).shape as object));
      label = (opt && labelOf(opt, key)) ?? COMMON[key] ?? null;
      s = opt ? (def(opt).shape as Record<string, AnyType>)[key]! : null;
    } else {
      label = COMMON[key] ?? null;
      s = null;
    }
  }
  const name = lastKey ?? fallback;
  let text = label ?? (lastKey === null ? WHOLE[fallback] : undefined) ?? t(`字段“${name}”`, `The field "${name}"`);
  if (row !== null && endsAtRow) text = t(`${text.zh}第 ${row} 项`, `${text.en}, entry ${row}`);
  else if (row !== null) text = t(`第 ${row} 行的${text.zh}`, `${text.en} (line ${row})`);
  return { label: text, schema: s ? unwrap(s) : null };
}

const TYPE_WORDS: Record<string, Text> = {
  string: t('文字', 'text'),
  number: t('数字', 'a number'),
  int: t('整数', 'a whole number'),
  bigint: t('整数', 'a whole number'),
  boolean: t('“是”或“否”', 'yes or no (true/false)'),
  array: t('一个列表', 'a list'),
  object: t('一组内容', 'a set of fields'),
  date: t('日期', 'a date'),
  null: t('空', 'empty'),
};

const FORMAT_WORDS: Record<string, Text> = {
  email: t('有效的电子邮箱地址', 'a valid email address'),
  url: t('有效的网址', 'a valid web address'),
  uuid: t('有效的 UUID', 'a valid UUID'),
  date: t('有效的日期(年-月-日,如 2026-01-31)', 'a valid date (year-month-day, e.g. 2026-01-31)'),
  datetime: t('有效的日期时间', 'a valid date and time'),
  time: t('有效的时间(时:分)', 'a valid time (hours:minutes)'),
  ipv4: t('有效的 IPv4 地址', 'a valid IPv4 address'),
  ipv6: t('有效的 IPv6 地址', 'a valid IPv6 address'),
  cidrv4: t('有效的 IPv4 网段', 'a valid IPv4 range'),
  cidrv6: t('有效的 IPv6 网段', 'a valid IPv6 range'),
  e164: t('有效的电话号码', 'a valid phone number'),
  base64: t('有效的 Base64 内容', 'valid Base64 content'),
  hex: t('十六进制数字', 'hexadecimal digits'),
};

const upper = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
const shown = (v: unknown) => (typeof v === 'string' ? v : v === null ? 'null' : String(v));

/** Bounds declared on a number schema (to say "1 到 9999 之间的整数" rather than one side only). */
function numberBounds(s: AnyType | null): { min?: number; max?: number; int: boolean } {
  if (!s || def(s).type !== 'number') return { int: false };
  const checks = ((def(s).checks ?? []) as Array<{ _zod: { def: Record<string, any> } }>).map((c) => c._zod.def);
  const int = checks.some((c) => c.check === 'number_format' && ['safeint', 'int32', 'uint32'].includes(c.format));
  let min: number | undefined;
  let max: number | undefined;
  for (const c of checks) {
    if (typeof c.value !== 'number') continue;
    if (c.check === 'greater_than') {
      const v = c.inclusive ? c.value : int ? c.value + 1 : undefined;
      if (v !== undefined && (min === undefined || v > min)) min = v;
    } else if (c.check === 'less_than') {
      const v = c.inclusive ? c.value : int ? c.value - 1 : undefined;
      if (v !== undefined && (max === undefined || v < max)) max = v;
    }
  }
  const ok = (v: number | undefined) => v !== undefined && Math.abs(v) < Number.MAX_SAFE_INTEGER;
  return { ...(ok(min) ? { min: min! } : {}), ...(ok(max) ? { max: max! } : {}), int };
}

/** "中文(English (with parens))" → [_, 中文, English (with parens)]: the last balanced group. */
function splitBilingual(msg: string): [string, string, string] | null {
  if (!/[)\uff09]$/.test(msg)) return null;
  let depth = 0;
  for (let i = msg.length - 1; i >= 0; i--) {
    const c = msg[i]!;
    if (c === ')' || c === '\uff09') depth++;
    else if (c === '(' || c === '\uff08') depth--;
    if (depth === 0) {
      const zh = msg.slice(0, i).trim();
      const en = msg.slice(i + 1, -1);
      return /[\u4e00-\u9fff]/.test(zh) && !/[\u4e00-\u9fff]/.test(en) ? [msg, zh, en] : null;
    }
  }
  return null;
}

/** A Chinese message without a subject ("不能大于…", "应为…") gets the field's label in front. */
function zhWithLabel(msg: string, label: Text): string {
  return /^(不能|不可|不得|应|须|必须|只能|至少|最多)/.test(msg) ? `${label.zh}${msg}` : msg;
}

/** A schema's own message: "中文(English)" → both; one language → that one; none → null. */
export function ownMessage(msg: string | undefined, label: Text): Partial<Text> | null {
  if (!msg) return null;
  const m = splitBilingual(msg.trim());
  if (m) {
    const en = m[2]!.trim();
    // A lower-case English fragment ("a whole number") gets the field's label in front.
    return { zh: zhWithLabel(m[1]!.trim(), label), en: /^[a-z]/.test(en) ? `${label.en}: ${en}` : upper(en) };
  }
  if (/[\u4e00-\u9fff]/.test(msg)) return { zh: zhWithLabel(msg, label) };
  return /^[A-Z]/.test(msg) && !/^Invalid\b/.test(msg) && !/expected/i.test(msg) ? { en: msg } : null;
}

/**
 * The sentence for one issue. `own` is the schema's own message when it set one (a pattern's
 * explanation, a refinement); every other code is worded from the issue's data.
 */
export function issueText(issue: z.core.$ZodIssue, info: FieldInfo, own?: string): Text {
  const L = info.label;
  const Len = upper(L.en);
  const i = issue as z.core.$ZodIssue & Record<string, any>;
  // A schema's own message is used where the issue's data cannot say what was wanted (a
  // pattern, a refinement); elsewhere the data says it better (with the label and the row).
  const explains = i.code === 'custom' || (i.code === 'invalid_format' && i.format === 'regex');
  const custom = own && explains ? ownMessage(own, L) : null;
  const withOwn = (generated: Text): Text => ({ zh: custom?.zh ?? generated.zh, en: custom?.en ?? generated.en });
  switch (i.code) {
    case 'unrecognized_keys': {
      const k = (i.keys as string[])[0] ?? '';
      return t(`不认识的字段“${k}”`, `Unknown field "${k}"`);
    }
    case 'invalid_type': {
      if (i.input === undefined) return t(`请填写${L.zh}`, `${Len} is required`);
      if (i.input === null) return t(`${L.zh}不能为空`, `${Len} cannot be empty`);
      const exp = String(i.expected);
      const want = TYPE_WORDS[exp];
      if (exp === 'number' && typeof i.input === 'number' && Number.isNaN(i.input))
        return t(`${L.zh}应为数字`, `${Len} must be a number`);
      if (exp === 'number' && typeof i.input === 'number' && !Number.isFinite(i.input))
        return t(`${L.zh}必须是有限的数字`, `${Len} must be a finite number`);
      if (!want) return t(`${L.zh}的内容不正确`, `${Len} is not valid`);
      const b = exp === 'number' || exp === 'int' ? numberBounds(info.schema) : null;
      if (b && b.int && b.min !== undefined && b.max !== undefined)
        return t(
          `${L.zh}必须是 ${b.min} 到 ${b.max} 之间的整数`,
          `${Len} must be a whole number from ${b.min} to ${b.max}`,
        );
      return t(`${L.zh}应为${want.zh}`, `${Len} must be ${want.en}`);
    }
    case 'too_small':
    case 'too_big': {
      const small = i.code === 'too_small';
      const n = small ? i.minimum : i.maximum;
      const origin = String(i.origin);
      if (origin === 'string') {
        if (small && Number(n) <= 1 && !i.exact) return withOwn(t(`${L.zh}不能为空`, `${Len} cannot be empty`));
        if (i.exact) return withOwn(t(`${L.zh}必须是 ${n} 个字符`, `${Len} must be exactly ${n} characters`));
        return withOwn(
          small
            ? t(`${L.zh}至少要 ${n} 个字符`, `${Len} must be at least ${n} characters`)
            : t(`${L.zh}最多 ${n} 个字符`, `${Len} can be at most ${n} characters`),
        );
      }
      if (origin === 'array' || origin === 'set') {
        if (small && Number(n) <= 1) return withOwn(t(`${L.zh}至少要有一项`, `${Len} needs at least one entry`));
        if (i.exact) return withOwn(t(`${L.zh}必须正好 ${n} 项`, `${Len} must have exactly ${n} entries`));
        return withOwn(
          small
            ? t(`${L.zh}至少要有 ${n} 项`, `${Len} needs at least ${n} entries`)
            : t(`${L.zh}最多 ${n} 项`, `${Len} can have at most ${n} entries`),
        );
      }
      if (origin === 'date') {
        const d = new Date(Number(n)).toISOString().slice(0, 10);
        return withOwn(
          small
            ? t(`${L.zh}不能早于 ${d}`, `${Len} cannot be before ${d}`)
            : t(`${L.zh}不能晚于 ${d}`, `${Len} cannot be after ${d}`),
        );
      }
      if (origin === 'file')
        return withOwn(small ? t(`${L.zh}太小`, `${Len} is too small`) : t(`${L.zh}太大`, `${Len} is too large`));
      // Numbers: the whole range when the schema declares both ends.
      const b = numberBounds(info.schema);
      const int = b.int || origin === 'int' || origin === 'bigint';
      if (b.min !== undefined && b.max !== undefined) {
        return withOwn(
          int
            ? t(
                `${L.zh}必须是 ${b.min} 到 ${b.max} 之间的整数`,
                `${Len} must be a whole number from ${b.min} to ${b.max}`,
              )
            : t(`${L.zh}必须在 ${b.min} 到 ${b.max} 之间`, `${Len} must be between ${b.min} and ${b.max}`),
        );
      }
      if (small) {
        if (!i.inclusive) return withOwn(t(`${L.zh}必须大于 ${n}`, `${Len} must be greater than ${n}`));
        return withOwn(t(`${L.zh}不能小于 ${n}`, `${Len} cannot be less than ${n}`));
      }
      if (!i.inclusive) return withOwn(t(`${L.zh}必须小于 ${n}`, `${Len} must be less than ${n}`));
      return withOwn(t(`${L.zh}不能大于 ${n}`, `${Len} cannot be more than ${n}`));
    }
    case 'invalid_format': {
      const f = String(i.format);
      if (f === 'regex') return withOwn(t(`${L.zh}的格式不正确`, `${Len} is not in the right format`));
      if (f === 'starts_with')
        return withOwn(t(`${L.zh}应以“${i.prefix}”开头`, `${Len} must start with "${i.prefix}"`));
      if (f === 'ends_with') return withOwn(t(`${L.zh}应以“${i.suffix}”结尾`, `${Len} must end with "${i.suffix}"`));
      if (f === 'includes') return withOwn(t(`${L.zh}应包含“${i.includes}”`, `${Len} must contain "${i.includes}"`));
      const want = FORMAT_WORDS[f] ?? (f === 'iso_date' ? FORMAT_WORDS.date : null);
      if (want) return withOwn(t(`${L.zh}必须是${want.zh}`, `${Len} must be ${want.en}`));
      return withOwn(t(`${L.zh}的格式不正确`, `${Len} is not in the right format`));
    }
    case 'not_multiple_of':
      return withOwn(t(`${L.zh}必须是 ${i.divisor} 的整数倍`, `${Len} must be a multiple of ${i.divisor}`));
    case 'invalid_value': {
      const vals = (i.values as unknown[]).map(shown);
      if (vals.length === 1) return withOwn(t(`${L.zh}只能是“${vals[0]}”`, `${Len} can only be "${vals[0]}"`));
      const list = vals.slice(0, 12);
      return withOwn(
        t(
          `${L.zh}只能是以下之一:${list.join('、')}${vals.length > 12 ? '…' : ''}`,
          `${Len} must be one of: ${list.join(', ')}${vals.length > 12 ? '…' : ''}`,
        ),
      );
    }
    case 'invalid_union':
      return withOwn(t(`${L.zh}的内容不符合任何一种允许的写法`, `${Len} does not match any allowed form`));
    case 'invalid_key':
      return withOwn(t(`${L.zh}中有不正确的名称`, `${Len} has an entry with an invalid name`));
    case 'invalid_element':
      return withOwn(t(`${L.zh}中有不正确的项`, `${Len} has an invalid entry`));
    case 'custom':
    default:
      return withOwn(t(`${L.zh}不符合要求`, `${Len} is not valid`));
  }
}
