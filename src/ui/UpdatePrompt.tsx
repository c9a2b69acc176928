import { useState, useSyncExternalStore } from 'react';

/** Whether a new version of the app is installed and waiting, as an external store (src/app/service-worker.ts). */
export interface UpdateStatus {
  subscribe: (onChange: () => void) => () => void;
  getSnapshot: () => boolean;
}

export interface UpdatePromptProps {
  updates: UpdateStatus;
  /** Switches to the new version: activates it and reloads the page. */
  onReload: () => void;
}

/**
 * A small prompt when a new version is ready. The status region is always on the page, empty until then,
 * so screen readers announce the text when it appears; focus stays where the person left it.
 */
export function UpdatePrompt({ updates, onReload }: UpdatePromptProps) {
  const updateReady = useSyncExternalStore(updates.subscribe, updates.getSnapshot, () => false);
  const [dismissed, setDismissed] = useState(false);
  const shown = updateReady && !dismissed;
  return (
    <div role="status" aria-label="App update" className="update-prompt">
      {shown && (
        <div className="update-prompt-box">
          <span>A new version of cliptag is ready.</span>
          <button type="button" className="primary" onClick={onReload}>
            Reload
          </button>
          <button type="button" onClick={() => setDismissed(true)}>
            Not now
          </button>
        </div>
      )}
    </div>
  );
}
