// The permission catalog and the built-in roles of a health center's jobs.
// A later module adds its permissions here and to the built-in roles that need them;
// built-in roles are synchronised from this file at every start, custom roles are the
// administrator's.
import { t, type Text } from '../../../core/i18n.js';

export interface PermissionDef {
  code: string;
  group: Text;
  label: Text;
}

const G = {
  admin: t('系统管理', 'Administration'),
  patients: t('患者', 'Patients'),
  outpatient: t('门诊', 'Outpatient'),
  billing: t('收费', 'Cashier'),
  pharmacy: t('药房', 'Pharmacy'),
  inventory: t('药库', 'Drug store'),
  inpatient: t('住院', 'Inpatient'),
  finance: t('财务', 'Finance'),
  devices: t('设备', 'Devices'),
};

export const PERMISSIONS: PermissionDef[] = [
  { code: 'admin.users', group: G.admin, label: t('用户账号管理', 'Manage user accounts') },
  { code: 'admin.roles', group: G.admin, label: t('角色与权限管理', 'Manage roles and permissions') },
  { code: 'admin.departments', group: G.admin, label: t('科室管理', 'Manage departments') },
  { code: 'admin.staff', group: G.admin, label: t('人员管理', 'Manage staff') },
  { code: 'admin.settings', group: G.admin, label: t('机构参数设置', 'Institution settings') },
  { code: 'admin.workstations', group: G.admin, label: t('工作站设置', 'Manage workstations') },
  { code: 'workstations.assign', group: G.admin, label: t('绑定本机到工作站', 'Bind browsers to workstations') },
  { code: 'audit.read', group: G.admin, label: t('查阅审计日志', 'Read the audit log') },
  { code: 'equipment.manage', group: G.admin, label: t('医疗设备管理', 'Manage medical equipment') },
  { code: 'patients.read', group: G.patients, label: t('查看患者信息', 'View patients') },
  { code: 'patients.write', group: G.patients, label: t('登记与修改患者', 'Register and edit patients') },
  {
    code: 'patients.identifiers',
    group: G.patients,
    label: t('查看完整证件号与电话', 'See full ID numbers and phones'),
  },
  { code: 'registration.register', group: G.outpatient, label: t('挂号', 'Register visits') },
  { code: 'registration.cancel', group: G.outpatient, label: t('退号', 'Cancel registrations') },
  { code: 'outpatient.consult', group: G.outpatient, label: t('门诊接诊与开方', 'See patients and prescribe') },
  {
    code: 'outpatient.controlled',
    group: G.outpatient,
    label: t('麻精药品处方权', 'Prescribe narcotic and psychotropic drugs'),
  },
  { code: 'roster.manage', group: G.outpatient, label: t('排班管理', 'Manage the clinic roster') },
  { code: 'display.manage', group: G.outpatient, label: t('候诊大屏管理', 'Manage waiting-room displays') },
  { code: 'billing.charge', group: G.billing, label: t('划价收费', 'Charge') },
  { code: 'billing.refund', group: G.billing, label: t('退费', 'Refund') },
  { code: 'billing.close-shift', group: G.billing, label: t('交班日结', 'Close shifts') },
  { code: 'billing.invoice-books', group: G.billing, label: t('票据号段管理', 'Assign invoice books') },
  { code: 'insurance.settle', group: G.billing, label: t('医保结算', 'Insurance settlement') },
  { code: 'insurance.lookup', group: G.billing, label: t('医保读卡与参保查询', 'Look up insured persons') },
  { code: 'insurance.calls', group: G.billing, label: t('查看医保接口调用记录', 'View insurer calls') },
  { code: 'insurance.configure', group: G.admin, label: t('医保接口设置', 'Configure the insurer interface') },
  {
    code: 'insurance.catalog',
    group: G.admin,
    label: t('医保目录下载与对照(建立关联、智能匹配)', 'Download insurer catalogs and match items'),
  },
  {
    code: 'insurance.catalog-review',
    group: G.admin,
    label: t('医保对照审核与上传(3301/3302)', 'Review and upload insurer matches'),
  },
  {
    code: 'insurance.reconcile',
    group: G.finance,
    label: t('医保对账与结算报表', 'Insurance reconciliation and settlement reports'),
  },
  { code: 'pharmacy.dispense', group: G.pharmacy, label: t('发药', 'Dispense') },
  { code: 'pharmacy.return', group: G.pharmacy, label: t('退药', 'Take back drugs') },
  { code: 'inventory.read', group: G.inventory, label: t('查看库存', 'View stock') },
  { code: 'inventory.draft', group: G.inventory, label: t('库存单据制单', 'Draft stock documents') },
  { code: 'inventory.post', group: G.inventory, label: t('库存单据审核记账', 'Post stock documents') },
  { code: 'dictionaries.manage', group: G.inventory, label: t('字典维护', 'Maintain dictionaries') },
  { code: 'inpatient.admit', group: G.inpatient, label: t('入院登记与结算', 'Admit and settle inpatients') },
  { code: 'inpatient.orders', group: G.inpatient, label: t('住院医嘱', 'Write inpatient orders') },
  { code: 'inpatient.nurse', group: G.inpatient, label: t('护士站', 'Nurse station') },
  {
    code: 'inpatient.wards',
    group: G.inpatient,
    label: t('病区床位设置(病房、床位、床位费)', 'Set up ward rooms, beds and bed fees'),
  },
  { code: 'finance.reports', group: G.finance, label: t('财务报表', 'Finance reports') },
  { code: 'devices.manage', group: G.devices, label: t('读卡器与打印机管理', 'Manage card readers and printers') },
];

export const PERMISSION_CODES = new Set(PERMISSIONS.map((p) => p.code));

export function permissionLabel(code: string): Text {
  return PERMISSIONS.find((p) => p.code === code)?.label ?? t(code, code);
}

export interface BuiltinRole {
  code: string;
  name: Text;
  permissions: string[];
}

export const BUILTIN_ROLES: BuiltinRole[] = [
  {
    code: 'admin',
    name: t('系统管理员', 'Administrator'),
    permissions: [
      'admin.users',
      'admin.roles',
      'admin.departments',
      'admin.staff',
      'admin.settings',
      'admin.workstations',
      'workstations.assign',
      'audit.read',
      'devices.manage',
      'display.manage',
      'roster.manage',
      'dictionaries.manage',
      'billing.invoice-books',
      'equipment.manage',
      'insurance.configure',
      'insurance.calls',
      'insurance.catalog',
      'insurance.catalog-review',
      'insurance.reconcile',
      'inpatient.wards',
    ],
  },
  {
    code: 'registrar',
    name: t('挂号收费员', 'Registration / cashier'),
    permissions: [
      'patients.read',
      'patients.write',
      'patients.identifiers',
      'registration.register',
      'registration.cancel',
      'roster.manage',
      'billing.charge',
      'billing.refund',
      'billing.close-shift',
      'insurance.settle',
      'insurance.lookup',
      'inpatient.admit',
    ],
  },
  {
    code: 'doctor',
    name: t('医生', 'Doctor'),
    permissions: ['patients.read', 'patients.write', 'outpatient.consult', 'inpatient.orders', 'inventory.read'],
  },
  {
    code: 'nurse',
    name: t('护士', 'Nurse'),
    permissions: ['patients.read', 'patients.write', 'inpatient.nurse', 'registration.register', 'insurance.lookup'],
  },
  {
    code: 'pharmacist',
    name: t('药剂师', 'Pharmacist'),
    permissions: ['patients.read', 'pharmacy.dispense', 'pharmacy.return', 'inventory.read', 'inventory.draft'],
  },
  {
    code: 'storekeeper',
    name: t('药库管理员', 'Storekeeper'),
    permissions: ['inventory.read', 'inventory.draft', 'inventory.post', 'dictionaries.manage', 'insurance.catalog'],
  },
  {
    code: 'store-clerk',
    name: t('库管员', 'Store clerk'),
    permissions: ['inventory.read', 'inventory.draft'],
  },
  {
    code: 'finance',
    name: t('财务', 'Finance'),
    permissions: [
      'finance.reports',
      'inventory.read',
      'billing.close-shift',
      'billing.invoice-books',
      'insurance.calls',
      'insurance.reconcile',
    ],
  },
  {
    code: 'director',
    name: t('院长', 'Director'),
    permissions: ['patients.read', 'finance.reports', 'inventory.read', 'audit.read'],
  },
];
