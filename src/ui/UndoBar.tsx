import { useEffect } from 'react';
import type { UndoOffer } from '../session/session-state';

interface Props {
  offer: UndoOffer | null;
  onUndo: () => void;
}

function typingIn(target: EventTarget | null): boolean {
  return (
    target instanceof HTMLElement && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName))
  );
}

/** "Removed 3 photos. Undo" at the bottom of the screen while a removal can be taken back; Ctrl+Z does it too. */
export function UndoBar({ offer, onUndo }: Props) {
  useEffect(() => {
    if (!offer) return;
    const onKey = (event: KeyboardEvent) => {
      if ((event.ctrlKey || event.metaKey) && event.key === 'z' && !event.shiftKey && !typingIn(event.target)) {
        event.preventDefault();
        onUndo();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [offer, onUndo]);
  return (
    <div className="undo-bar" role="status">
      {offer && (
        <div className="undo-box">
          <span>{offer.message}</span>
          <button type="button" onClick={onUndo}>
            Undo
          </button>
        </div>
      )}
    </div>
  );
}
