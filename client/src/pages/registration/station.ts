// The registration station's entry in the station registry (client/src/stations.ts).
import { lazyPage } from '../../lazy.js';
import type { Station } from '../../station-types.js';
import { t } from './station.i18n.js';

// The station's pages load on first use, in their own chunks (client/src/lazy.ts).
const RegistrationPage = lazyPage(() => import('./page.js').then((m) => m.RegistrationPage));
const SetupPage = lazyPage(() => import('./setup.js').then((m) => m.SetupPage));

const setupAllowed = (p: Set<string>) =>
  p.has('roster.manage') || p.has('display.manage') || p.has('admin.departments');

export const registrationStation: Station = {
  id: 'registration',
  title: () => t('station.title'),
  description: () => t('station.desc'),
  route: '/registration',
  glyph: () => t('station.glyph'),
  allowed: (p) => p.has('registration.register') || setupAllowed(p),
  routes: {
    // Administrators without the desk's permissions are sent on to the setup page.
    '/registration': { view: RegistrationPage, title: () => t('page.title') },
    '/registration/setup': { view: SetupPage, title: () => t('setup.title'), allowed: setupAllowed },
  },
  rooms: (p) => (p.has('registration.register') ? ['registration'] : []),
};
