import { useSyncExternalStore } from 'react';
import type { SessionState } from '../session/session-state';
import type { TaggerSession } from '../session/tagger-session';

/** The session's state; the component re-renders whenever it changes. */
export function useSessionState(session: TaggerSession): SessionState {
  return useSyncExternalStore(session.subscribe, session.getState);
}
