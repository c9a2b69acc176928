import { useSyncExternalStore } from 'react';

/** The width from which the controls sit in a sidebar; below it they stack above the results (styles.css). */
const WIDE = '(min-width: 960px)';

function subscribe(onChange: () => void): () => void {
  const query = matchMedia(WIDE);
  query.addEventListener('change', onChange);
  return () => query.removeEventListener('change', onChange);
}

/** Whether the page has room for the sidebar: panels start open there and folded on phones. */
export function useWideLayout(): boolean {
  return useSyncExternalStore(subscribe, () => matchMedia(WIDE).matches);
}
