// The only place room names are made, and the rule of who may join each.
import type { Actor } from '../http/actor.js';

export const rooms = {
  user: (id: number) => `user:${id}`,
  session: (id: string) => `session:${id}`,
  workstation: (id: number) => `workstation:${id}`,
  dept: (id: number) => `dept:${id}`,
  pharmacy: (id: number) => `pharmacy:${id}`,
  ward: (id: number) => `ward:${id}`,
  display: (id: number) => `display:${id}`,
  cashier: () => 'cashier',
  registration: () => 'registration',
  admin: () => 'admin',
  insuranceCatalog: () => 'insurance-catalog',
  insuranceRecon: () => 'insurance-recon',
} as const;

const hasAny = (a: Actor, ...perms: string[]) => perms.some((p) => a.permissions.has(p));

/** May this signed-in user join this room? Unknown room names are refused. */
export function canJoin(actor: Actor, room: string): boolean {
  const m = /^([a-z]+):(\d+)$/.exec(room);
  if (m) {
    const kind = m[1];
    const id = Number(m[2]);
    switch (kind) {
      case 'user':
        return id === actor.userId;
      case 'workstation':
        return actor.workstationId === id;
      case 'dept':
        return (
          actor.departmentId === id || hasAny(actor, 'admin.departments', 'outpatient.consult', 'registration.register')
        );
      case 'pharmacy':
        return hasAny(actor, 'pharmacy.dispense', 'inventory.read', 'outpatient.consult');
      case 'ward':
        return hasAny(actor, 'inpatient.nurse', 'inpatient.orders');
      case 'display':
        return hasAny(actor, 'display.manage', 'outpatient.consult', 'registration.register');
      default:
        return false;
    }
  }
  // The cashier's room: outpatient charging, and the inpatient admissions and deposits (stay:changed).
  if (room === 'cashier') return hasAny(actor, 'billing.charge', 'inpatient.admit');
  if (room === 'registration') return hasAny(actor, 'registration.register', 'registration.cancel');
  if (room === 'insurance-recon') return hasAny(actor, 'insurance.reconcile');
  if (room === 'insurance-catalog') return hasAny(actor, 'insurance.catalog', 'insurance.catalog-review');
  if (room === 'admin') return [...actor.permissions].some((p) => p.startsWith('admin.'));
  return false;
}
