// Who is signed in, this browser's workstation, and the institution's public name.
import { computed, signal } from '@preact/signals';

export interface Me {
  userId: number;
  username: string;
  staffId: number;
  staffName: string;
  departmentId: number;
  roles: string[];
  permissions: string[];
  mustChangePassword: boolean;
  workstationId: number | null;
  idleTimeoutMinutes: number;
}

export interface ChosenWorkstation {
  id: number;
  name: string;
}

const WS_STORE = 'jiceng.workstation';

function readWorkstation(): ChosenWorkstation | null {
  try {
    const raw = localStorage.getItem(WS_STORE);
    if (!raw) return null;
    const v = JSON.parse(raw) as unknown;
    if (v && typeof v === 'object' && Number.isInteger((v as ChosenWorkstation).id) && typeof (v as ChosenWorkstation).name === 'string') {
      return v as ChosenWorkstation;
    }
  } catch {
    /* ignore a damaged value */
  }
  return null;
}

export const me = signal<Me | null>(null);
/** False until the first /api/auth/me answered (so pages do not flash the sign-in form). */
export const booted = signal(false);
export const institutionName = signal<string>('');
export const workstation = signal<ChosenWorkstation | null>(readWorkstation());

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
  workstation.value = ws;
  try {
    if (ws) localStorage.setItem(WS_STORE, JSON.stringify(ws));
    else localStorage.removeItem(WS_STORE);
  } catch {
    /* private mode */
  }
}
