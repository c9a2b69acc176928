import type { KeyboardEvent } from 'react';

/** Escape folds an open <details> panel and puts focus back on its summary, as it closes a dialog. */
export function closeOnEscape(event: KeyboardEvent<HTMLDetailsElement>): void {
  const details = event.currentTarget;
  if (event.key !== 'Escape' || !details.open) return;
  event.stopPropagation();
  details.open = false;
  details.querySelector('summary')?.focus();
}
