// The application: boot (who am I?), route guards, the live link's lifetime, and the
// route table.
import { useEffect } from 'preact/hooks';
import type { FunctionComponent } from 'preact';
import { get, setApiHandlers, ApiError, type ResponseOf } from './api.js';
import { loadMe, sessionGone } from './auth.js';
import { focusFirstFieldIfIdle } from './components/dialog.js';
import { Layout } from './components/layout.js';
import { Toasts } from './components/toast.js';
import { html } from './html.js';
import { t, type Key } from './i18n/index.js';
import { currentPath, navigate } from './router.js';
import {
  bindingEpoch,
  booted,
  hasAdminPermission,
  institutionName,
  loadWorkstation,
  me,
  permissions,
  workstation,
} from './session.js';
import { setCenterTimeZone } from './time.js';
import { onEvent, startLive, stopLive } from './socket.js';
import { WORKSTATION_BINDING_CHANGED } from '../../core/contract.js';
import { SignInPage } from './pages/sign-in.js';
import { ChangePasswordPage } from './pages/change-password.js';
import { HomePage } from './pages/home.js';
import { WorkstationChooserPage } from './pages/workstation-chooser.js';
import { ADMIN_SECTIONS, AdminIndexPage } from './pages/admin/shell.js';
import { NotFoundPage } from './pages/not-found.js';
import { STATIONS } from './stations.js';
import { preloadLazyPages } from './lazy.js';
import type { PublicInstitution } from '../../server/modules/settings/schema.js';

interface RouteEntry {
  view: FunctionComponent;
  title: () => string;
  allowed?: (perms: Set<string>) => boolean;
}

const key = (k: Key) => () => t(k);
const ROUTES: Record<string, RouteEntry> = {
  '/': { view: HomePage, title: key('home.title') },
  '/change-password': { view: ChangePasswordPage, title: key('pw.title') },
  '/workstation': { view: WorkstationChooserPage, title: key('wsChooser.title') },
  '/admin': {
    view: AdminIndexPage,
    title: key('station.admin'),
    allowed: (p) => hasAdminPermission(p) || p.has('audit.read'),
  },
};
for (const s of ADMIN_SECTIONS) ROUTES[s.path] = { view: s.view, title: key(s.title), allowed: (p) => p.has(s.perm) };
for (const st of STATIONS) {
  for (const [path, r] of Object.entries(st.routes ?? {}))
    ROUTES[path] = { view: r.view, title: r.title, allowed: r.allowed ?? st.allowed };
}

/** The rooms of every station this user may use, plus 'admin' for administrators. */
function liveRooms(m: { permissions: string[]; departmentId: number }, workstationId: number | null): string[] {
  const perms = new Set(m.permissions);
  const out = new Set<string>(hasAdminPermission(perms) ? ['admin'] : []);
  for (const st of STATIONS)
    if (st.allowed(perms) && st.rooms)
      for (const r of st.rooms(perms, { departmentId: m.departmentId, workstationId })) out.add(r);
  return [...out];
}

setApiHandlers({
  signedOut: () => sessionGone('expired'),
  passwordChangeRequired: () => navigate('/change-password', { replace: true }),
});

async function boot() {
  // The center's time zone is known before any page shows a time (client/src/time.ts).
  const settings = get<ResponseOf<typeof PublicInstitution>>('/api/settings/public').then(
    (s) => {
      institutionName.value = s.name;
      setCenterTimeZone(s.timeZone);
    },
    () => undefined, // shown as "基层" (and times in the default zone) until the settings answer
  );
  try {
    await loadMe();
    // Pages that follow the workstation (e.g. the pharmacy's default) render with it known.
    await loadWorkstation();
    workstationLoadedFor = meKeyOf(me.value);
  } catch (e) {
    console.error('boot: /api/auth/me failed', e);
  }
  await settings;
  booted.value = true;
}

const meKeyOf = (m: { userId: number; mustChangePassword: boolean; workstationId: number | null } | null) =>
  m ? `${m.userId}:${m.mustChangePassword}:${m.workstationId ?? ''}` : '';
let workstationLoadedFor: string | null = null;

function redirectFor(path: string): string | null {
  const m = me.value;
  if (!m) return path === '/sign-in' ? null : '/sign-in';
  if (m.mustChangePassword) return path === '/change-password' ? null : '/change-password';
  if (path === '/sign-in') return '/';
  return null;
}

export function App() {
  useEffect(() => void boot(), []);
  const path = currentPath.value;
  const ready = booted.value;
  const m = me.value;
  const redirect = ready ? redirectFor(path) : null;

  useEffect(() => {
    if (redirect) navigate(redirect, { replace: true });
  }, [redirect]);

  // Which workstation is this browser bound to (server-side)? Asked after each sign-in, and
  // again when the server says the binding was revoked or changed.
  const meKey = meKeyOf(m);
  useEffect(() => {
    const load = () => void loadWorkstation().catch((e) => console.error("this browser's workstation: load failed", e));
    if (workstationLoadedFor !== meKey) load();
    workstationLoadedFor = null;
    return onEvent(WORKSTATION_BINDING_CHANGED, () => {
      bindingEpoch.value++;
      load();
    });
  }, [meKey]);

  // The live link runs while a user with a changed password is signed in.
  const liveKey =
    m && !m.mustChangePassword
      ? `${m.userId}:${m.permissions.join(',')}:${workstation.value?.id ?? ''}:${bindingEpoch.value}`
      : '';
  useEffect(() => {
    if (!liveKey || !m) return;
    startLive({
      rooms: liveRooms(m, workstation.value?.id ?? null),
      sessionEnded: () => sessionGone('ended'),
      refused: async () => {
        try {
          return (await loadMe()) !== null;
        } catch (e) {
          return !(e instanceof ApiError && e.status === 401);
        }
      },
    });
    return () => stopLive();
  }, [liveKey]);

  // Signed in: fetch the pages this user may open (each loads on demand) in the background.
  const signedIn = !!m && !m.mustChangePassword;
  const perms = permissions.value;
  useEffect(() => {
    if (!signedIn) return;
    const allowed = Object.values(ROUTES).filter((r) => !r.allowed || r.allowed(perms));
    const timer = setTimeout(() => preloadLazyPages(allowed.map((r) => r.view)), 1500);
    return () => clearTimeout(timer);
  }, [signedIn, perms]);

  const entry = path === '/sign-in' ? null : ROUTES[path.length > 1 ? path.replace(/\/+$/, '') : path];
  useEffect(() => {
    const title = entry ? entry.title() : path === '/sign-in' ? t('signIn.title') : t('notFound.title');
    document.title = `${title} · ${t('app.name')}`;
    requestAnimationFrame(() => {
      if (!document.querySelector('dialog[open]')) focusFirstFieldIfIdle(document.getElementById('main'));
    });
  }, [path, ready, redirect, m?.userId, m?.mustChangePassword]);

  if (!ready || redirect) {
    return html`<div class="boot" role="status">${t('common.loading')}</div><${Toasts} />`;
  }
  if (path === '/sign-in') return html`<${SignInPage} /><${Toasts} />`;
  let view: FunctionComponent = NotFoundPage;
  if (entry) view = !entry.allowed || entry.allowed(permissions.value) ? entry.view : ForbiddenPage;
  return html`<${Layout}><${view} key=${path} /><//><${Toasts} />`;
}

function ForbiddenPage() {
  return html`<section class="page narrow">
    <h1>${t('forbidden.title')}</h1>
    <p>${t('forbidden.text')}</p>
    <p><a class="btn" href="/" onClick=${(e: Event) => (e.preventDefault(), navigate('/'))}>${t('common.backHome')}
      </a></p>
  </section>`;
}
