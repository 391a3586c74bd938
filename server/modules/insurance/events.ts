// Events published by the insurance adapter: `insurance:config-changed` to `admin` (接口设置 saved),
// `insurance:call-changed` to `admin` and `cashier` (an outbox row written, answered or resolved;
// no personal data in the payload).
import { publish } from '../../realtime/bus.js';
import { INSURANCE_EVENTS, type InsuranceCallChangedPayload } from '../../../core/contract.js';
import { rooms } from '../../realtime/rooms.js';

export function configChanged(version: number, enabled: boolean) {
  return publish(INSURANCE_EVENTS.configChanged, { version, enabled }, [rooms.admin()]);
}

export function callChanged(p: InsuranceCallChangedPayload) {
  return publish(INSURANCE_EVENTS.callChanged, p, [rooms.admin(), rooms.cashier()]);
}
