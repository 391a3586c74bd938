// Signing in and out, and what happens when the session ends under the page.
import { get, post, ApiError } from './api.js';
import { t } from './i18n/index.js';
import { navigate } from './router.js';
import { me, type Me } from './session.js';
import { stopLive } from './socket.js';
import { toast } from './components/toast.js';

export async function loadMe(): Promise<Me | null> {
  try {
    const m = await get<Me>('/api/auth/me');
    me.value = m;
    return m;
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) {
      me.value = null;
      return null;
    }
    throw e;
  }
}

export function sessionGone(reason: 'expired' | 'ended'): void {
  const wasSignedIn = me.value !== null;
  stopLive();
  me.value = null;
  navigate('/sign-in', { replace: true });
  if (wasSignedIn) toast(reason === 'ended' ? t('auth.sessionEnded') : t('auth.sessionExpired'), 'info', 6000);
}

export async function signOut(): Promise<void> {
  try {
    await post('/api/auth/sign-out');
  } catch (e) {
    if (!(e instanceof ApiError && e.status === 401)) {
      toast(e instanceof ApiError ? e.message : t('error.unexpected'), 'error');
      return;
    }
  }
  stopLive();
  me.value = null;
  navigate('/sign-in', { replace: true });
}
