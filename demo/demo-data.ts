// The demo health center: a township health center with every kind of department, about
// thirty staff members and a user for every built-in role. All people are invented; their
// ID numbers are well-formed (GB 11643 check character, sequence digit matching the gender)
// but belong to nobody.
import type { DepartmentKind } from '../db/schema.js';

export const DEMO_INSTITUTION = {
  name: '青山镇卫生院',
  code: 'QS330782001',
  address: '青山镇健康路 18 号',
  phone: '0579-85550120',
  timeZone: 'Asia/Shanghai',
};

/** The address code of the ID numbers of the demo staff (the county the center is in). */
export const DEMO_AREA_CODE = '330782';

export interface DemoDepartment {
  code: string;
  name: string;
  kind: DepartmentKind;
  phone: string | null;
  location: string | null;
}

export const DEMO_DEPARTMENTS: DemoDepartment[] = [
  { code: 'QKMZ', name: '全科门诊', kind: 'clinic', phone: '0579-85550121', location: '门诊楼一层' },
  { code: 'NK', name: '内科', kind: 'clinic', phone: '0579-85550122', location: '门诊楼二层' },
  { code: 'WK', name: '外科', kind: 'clinic', phone: '0579-85550123', location: '门诊楼二层' },
  { code: 'FCK', name: '妇产科', kind: 'clinic', phone: '0579-85550124', location: '门诊楼三层' },
  { code: 'EK', name: '儿科', kind: 'clinic', phone: '0579-85550125', location: '门诊楼一层' },
  { code: 'ZYK', name: '中医科', kind: 'clinic', phone: '0579-85550126', location: '门诊楼三层' },
  { code: 'KQK', name: '口腔科', kind: 'clinic', phone: '0579-85550127', location: '门诊楼三层' },
  { code: 'YFBJ', name: '预防保健科', kind: 'clinic', phone: '0579-85550128', location: '公共卫生楼一层' },
  { code: 'ZY1', name: '住院一病区', kind: 'ward', phone: '0579-85550131', location: '住院楼二层' },
  { code: 'MZYF', name: '门诊药房', kind: 'pharmacy', phone: '0579-85550132', location: '门诊楼一层' },
  { code: 'ZYYF', name: '住院药房', kind: 'pharmacy', phone: '0579-85550133', location: '住院楼一层' },
  { code: 'ZXYK', name: '中心药库', kind: 'store', phone: '0579-85550134', location: '后勤楼一层' },
  { code: 'SFS', name: '收费室', kind: 'cashier', phone: '0579-85550135', location: '门诊楼一层' },
  { code: 'GHC', name: '挂号处', kind: 'registration', phone: '0579-85550136', location: '门诊楼一层大厅' },
  { code: 'JYK', name: '检验科', kind: 'lab', phone: '0579-85550137', location: '门诊楼二层' },
  // The first administrator's department (created at first start) has the code ADMIN.
  { code: 'ADMIN', name: '信息科', kind: 'admin', phone: '0579-85550138', location: '行政楼二层' },
  { code: 'YZB', name: '院办', kind: 'admin', phone: '0579-85550139', location: '行政楼三层' },
  { code: 'CWK', name: '财务科', kind: 'admin', phone: '0579-85550140', location: '行政楼二层' },
];

export interface DemoPerson {
  name: string;
  gender: 'M' | 'F';
  birth: string; // YYYYMMDD
  department: string; // department code
  title: string; // a title code of server/modules/staff/titles.ts
  username: string | null; // null: a staff member without a sign-in
  roles: string[];
}

export const DEMO_PEOPLE: DemoPerson[] = [
  {
    name: '王建国',
    gender: 'M',
    birth: '19690312',
    department: 'YZB',
    title: 'chief-physician',
    username: 'director1',
    roles: ['director', 'doctor'],
  },
  {
    name: '陈志强',
    gender: 'M',
    birth: '19880621',
    department: 'ADMIN',
    title: 'none',
    username: 'admin1',
    roles: ['admin'],
  },
  {
    name: '李明华',
    gender: 'M',
    birth: '19790905',
    department: 'QKMZ',
    title: 'attending-physician',
    username: 'doctor1',
    roles: ['doctor'],
  },
  {
    name: '张秀英',
    gender: 'F',
    birth: '19900117',
    department: 'QKMZ',
    title: 'physician',
    username: 'doctor2',
    roles: ['doctor'],
  },
  {
    name: '刘德胜',
    gender: 'M',
    birth: '19720428',
    department: 'NK',
    title: 'associate-chief-physician',
    username: 'doctor3',
    roles: ['doctor'],
  },
  {
    name: '赵国强',
    gender: 'M',
    birth: '19810803',
    department: 'WK',
    title: 'attending-physician',
    username: 'doctor4',
    roles: ['doctor'],
  },
  {
    name: '孙丽娟',
    gender: 'F',
    birth: '19830214',
    department: 'FCK',
    title: 'attending-physician',
    username: 'doctor5',
    roles: ['doctor'],
  },
  {
    name: '周晓燕',
    gender: 'F',
    birth: '19920730',
    department: 'EK',
    title: 'physician',
    username: 'doctor6',
    roles: ['doctor'],
  },
  {
    name: '吴承志',
    gender: 'M',
    birth: '19700525',
    department: 'ZYK',
    title: 'associate-chief-physician',
    username: 'doctor7',
    roles: ['doctor'],
  },
  {
    name: '郑海波',
    gender: 'M',
    birth: '19871109',
    department: 'KQK',
    title: 'physician',
    username: 'doctor8',
    roles: ['doctor'],
  },
  {
    name: '冯春梅',
    gender: 'F',
    birth: '19960302',
    department: 'YFBJ',
    title: 'assistant-physician',
    username: 'doctor9',
    roles: ['doctor'],
  },
  {
    name: '黄丽',
    gender: 'F',
    birth: '19850918',
    department: 'QKMZ',
    title: 'senior-nurse',
    username: 'nurse1',
    roles: ['nurse'],
  },
  {
    name: '林小红',
    gender: 'F',
    birth: '19780611',
    department: 'ZY1',
    title: 'supervisor-nurse',
    username: 'nurse2',
    roles: ['nurse'],
  },
  {
    name: '何婷婷',
    gender: 'F',
    birth: '19980127',
    department: 'ZY1',
    title: 'nurse',
    username: 'nurse3',
    roles: ['nurse'],
  },
  {
    name: '高雪梅',
    gender: 'F',
    birth: '19891204',
    department: 'ZY1',
    title: 'senior-nurse',
    username: 'nurse4',
    roles: ['nurse'],
  },
  {
    name: '罗佳',
    gender: 'F',
    birth: '19940815',
    department: 'YFBJ',
    title: 'nurse',
    username: 'nurse5',
    roles: ['nurse'],
  },
  {
    name: '梁淑芬',
    gender: 'F',
    birth: '19710420',
    department: 'FCK',
    title: 'associate-chief-nurse',
    username: 'nurse6',
    roles: ['nurse'],
  },
  {
    name: '宋文斌',
    gender: 'M',
    birth: '19800709',
    department: 'MZYF',
    title: 'supervisor-pharmacist',
    username: 'pharmacist1',
    roles: ['pharmacist'],
  },
  {
    name: '唐静',
    gender: 'F',
    birth: '19910322',
    department: 'MZYF',
    title: 'pharmacist',
    username: 'pharmacist2',
    roles: ['pharmacist'],
  },
  {
    name: '许伟',
    gender: 'M',
    birth: '19970506',
    department: 'ZYYF',
    title: 'assistant-pharmacist',
    username: 'pharmacist3',
    roles: ['pharmacist'],
  },
  {
    name: '韩立新',
    gender: 'M',
    birth: '19760125',
    department: 'ZXYK',
    title: 'supervisor-pharmacist',
    username: 'storekeeper1',
    roles: ['storekeeper'],
  },
  {
    name: '曹红霞',
    gender: 'F',
    birth: '19860830',
    department: 'ZXYK',
    title: 'pharmacist',
    username: 'storekeeper2',
    roles: ['store-clerk'],
  },
  {
    name: '单丽萍',
    gender: 'F',
    birth: '19930419',
    department: 'GHC',
    title: 'none',
    username: 'registrar1',
    roles: ['registrar'],
  },
  {
    name: '彭玉兰',
    gender: 'F',
    birth: '19820911',
    department: 'SFS',
    title: 'none',
    username: 'registrar2',
    roles: ['registrar'],
  },
  {
    name: '曾凡荣',
    gender: 'M',
    birth: '19950227',
    department: 'SFS',
    title: 'none',
    username: 'registrar3',
    roles: ['registrar'],
  },
  {
    name: '萧桂芳',
    gender: 'F',
    birth: '19770616',
    department: 'CWK',
    title: 'none',
    username: 'finance1',
    roles: ['finance'],
  },
  {
    name: '田志刚',
    gender: 'M',
    birth: '19840103',
    department: 'CWK',
    title: 'none',
    username: 'finance2',
    roles: ['finance'],
  },
  {
    name: '董晓峰',
    gender: 'M',
    birth: '19880920',
    department: 'JYK',
    title: 'supervisor-technician',
    username: null,
    roles: [],
  },
  { name: '袁慧', gender: 'F', birth: '19950714', department: 'JYK', title: 'technician', username: null, roles: [] },
];

export interface DemoWorkstation {
  code: string;
  name: string;
  department: string | null;
  defaultPharmacy: string | null;
  /** The PC/SC name of the card reader at this desk (the demo uses vpcd's virtual reader). */
  cardReader?: string;
}

export const DEMO_WORKSTATIONS: DemoWorkstation[] = [
  { code: 'GHSF1', name: '挂号收费1', department: 'GHC', defaultPharmacy: 'MZYF' },
  { code: 'SF2', name: '收费2', department: 'SFS', defaultPharmacy: 'MZYF', cardReader: 'Virtual PCD 00 00' },
  { code: 'QKZS1', name: '全科诊室1', department: 'QKMZ', defaultPharmacy: 'MZYF' },
  { code: 'NKZS', name: '内科诊室', department: 'NK', defaultPharmacy: 'MZYF' },
  { code: 'MZYF', name: '门诊药房', department: 'MZYF', defaultPharmacy: 'MZYF' },
  { code: 'ZXYK', name: '中心药库', department: 'ZXYK', defaultPharmacy: null },
  { code: 'ZYHSZ', name: '住院护士站', department: 'ZY1', defaultPharmacy: 'ZYYF' },
];
