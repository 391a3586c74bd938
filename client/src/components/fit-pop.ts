// A search list that opens under its field must stay on the screen: at 1366×768 or 1024×768
// a field low on the page would open its list below the fold. `fitPop` is a ref callback
// for the list element: it measures the room below and above the field once the list
// appears, opens the list upwards when there is more room there, and caps its height to the
// room it has, so every option can be reached without scrolling the page.
const MARGIN = 8;
const MIN_HEIGHT = 120;
const MAX_HEIGHT = 300;

export function fitPop(el: HTMLElement | null): void {
  if (!el) return;
  const anchor = el.parentElement;
  if (!anchor) return;
  const box = anchor.getBoundingClientRect();
  const topbar = document.querySelector('.topbar')?.getBoundingClientRect().bottom ?? 0;
  const field = anchor.querySelector('input, textarea')?.getBoundingClientRect() ?? box;
  const below = window.innerHeight - field.bottom - MARGIN;
  const above = field.top - Math.max(0, topbar) - MARGIN;
  const up = below < Math.min(MAX_HEIGHT, el.scrollHeight) && above > below;
  el.classList.toggle('pop-up', up);
  el.style.maxHeight = `${Math.max(MIN_HEIGHT, Math.min(MAX_HEIGHT, up ? above : below))}px`;
}
