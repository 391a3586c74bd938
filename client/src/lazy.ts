// Every station's pages (and the administration's) are loaded on demand, in their own chunks,
// so that the sign-in page loads only the shell. `lazyPage` gives a component that renders
// "loading" until its module has arrived, then the page itself; a failed load says so and
// offers a reload. Once a user is signed in, `preloadLazyPages` fetches the chunks of the pages
// that user may open in the background, so opening one is instant in practice.
import type { FunctionComponent } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { focusFirstFieldIfIdle } from './components/dialog.js';
import { html } from './html.js';
import { t } from './i18n/index.js';

type Loader = () => Promise<FunctionComponent>;

/** A page loaded on demand; `preload` fetches its module without rendering it. */
export type LazyPage = FunctionComponent & { preload: () => Promise<unknown> };

export function lazyPage(load: Loader, frame?: FunctionComponent): LazyPage {
  let view: FunctionComponent | null = null;
  let pending: Promise<FunctionComponent> | null = null;
  const start = () => {
    pending ??= load().then(
      (v) => (view = v),
      (e: unknown) => {
        pending = null; // let a later attempt try again
        throw e;
      },
    );
    return pending;
  };
  const Wrapper = frame ?? (({ children }: { children?: unknown }) => html`${children}`);
  const page = function LazyPage(props: Record<string, unknown>) {
    const [, setLoaded] = useState(view !== null);
    const [failed, setFailed] = useState(false);
    useEffect(() => {
      if (view) return;
      let live = true;
      start().then(
        () => {
          if (!live) return;
          setLoaded(true);
          // The route's autofocus ran before the page existed: give it its first field now.
          requestAnimationFrame(() => {
            if (!document.querySelector('dialog[open]')) focusFirstFieldIfIdle(document.getElementById('main'));
          });
        },
        () => live && setFailed(true),
      );
      return () => {
        live = false;
      };
    }, []);
    if (view) return html`<${view} ...${props} />`;
    if (failed) {
      return html`<${Wrapper}><div class="page"><p class="form-error" role="alert">${t('common.pageLoadFailed')}</p>
        <button type="button" class="btn" onClick=${() => location.reload()}>${t('common.reload')}</button></div><//>`;
    }
    return html`<${Wrapper}><p class="muted page" role="status">${t('common.loading')}</p><//>`;
  };
  return Object.assign(page, { preload: start });
}

/** Fetches the modules of these pages that load on demand, in the background (after sign-in). */
export function preloadLazyPages(views: Iterable<FunctionComponent>): void {
  for (const v of new Set(views)) {
    const preload = (v as Partial<LazyPage>).preload;
    if (preload) void preload().catch(() => undefined);
  }
}
