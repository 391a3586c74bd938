// Who is signed in, this browser's workstation, and the institution's public name.
// The workstation is bound on the server (an HttpOnly cookie the page cannot read): the page
// asks /api/workstations/this-browser which one it is, and never tells the server.
import { computed, signal } from '@preact/signals';
import { get, type ResponseOf } from './api.js';
import type { MeView } from '../../server/modules/auth/schema.js';
import type { z } from 'zod';
import type { ThisBrowser } from '../../server/modules/workstations/schema.js';

/** Who is signed in (GET /api/auth/me). */
export type Me = z.infer<typeof MeView>;

export interface ChosenWorkstation {
  id: number;
  name: string;
}

// Before issue 9 the browser chose its workstation itself and kept it here: forget it.
try {
  localStorage.removeItem('jiceng.workstation');
} catch {
  /* private mode */
}

export const me = signal<Me | null>(null);
/** False until the first /api/auth/me answered (so pages do not flash the sign-in form). */
export const booted = signal(false);
export const institutionName = signal<string>('');
/** The workstation this browser is bound to (as the server says), null when unbound. */
export const workstation = signal<ChosenWorkstation | null>(null);
/** May the signed-in user bind or unbind this browser (admin.workstations or workstations.assign)? */
export const canBindWorkstation = signal(false);
/** Bumped when this browser's binding changed (bound, unbound, revoked): the live link reconnects
 *  so its socket carries the new workstation cookie (even when the workstation is the same). */
export const bindingEpoch = signal(0);

export const permissions = computed(() => new Set(me.value?.permissions ?? []));

export function can(p: string): boolean {
  return permissions.value.has(p);
}

export function canAny(...ps: string[]): boolean {
  return ps.some((p) => permissions.value.has(p));
}

export function hasAdminPermission(perms: Set<string>): boolean {
  for (const p of perms) if (p.startsWith('admin.')) return true;
  return false;
}

export function setWorkstation(ws: ChosenWorkstation | null): void {
  if (workstation.value?.id !== ws?.id || workstation.value?.name !== ws?.name) workstation.value = ws;
}

/** Asks the server which workstation this browser is bound to. */
export async function loadWorkstation(): Promise<void> {
  if (!me.value || me.value.mustChangePassword) {
    setWorkstation(null);
    canBindWorkstation.value = false;
    return;
  }
  const r = await get<ResponseOf<typeof ThisBrowser>>('/api/workstations/this-browser');
  setWorkstation(r.workstation ? { id: r.workstation.id, name: r.workstation.name } : null);
  canBindWorkstation.value = r.canBind;
}
