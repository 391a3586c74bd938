// The stock alert bar's strings (zh default, en beside it); the bar shows on every store page
// and on the pharmacy station.
import { scoped } from '../../i18n/scoped.js';

export const zh = {
  'bar.label': '库存预警',
  'bar.title': '预警',
  'bar.expired': '已过期批次',
  'bar.near': '近效期批次',
  'bar.reorder': '低于库存下限',
  'bar.none': '暂无预警',
  'bar.open': '效期与库存预警',
  'bar.error': '预警加载失败：{message}',
  'toast.below_reorder': '库存预警：{names} 低于库存下限',
  'toast.near_expiry': '效期预警：{names} 近效期',
  'toast.expired': '效期预警：{names} 已过期',
  'toast.more': '{names} 等 {n} 项',
};

export const en: typeof zh = {
  'bar.label': 'Stock alerts',
  'bar.title': 'Alerts',
  'bar.expired': 'Expired lots',
  'bar.near': 'Near-expiry lots',
  'bar.reorder': 'Below reorder level',
  'bar.none': 'No alerts',
  'bar.open': 'Expiry and stock alerts',
  'bar.error': 'Alerts could not be loaded: {message}',
  'toast.below_reorder': 'Stock alert: {names} below the reorder level',
  'toast.near_expiry': 'Expiry alert: {names} near expiry',
  'toast.expired': 'Expiry alert: {names} expired',
  'toast.more': '{names} ({n} in all)',
};

export const t = scoped(zh, en);
