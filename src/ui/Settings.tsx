import { useEffect, useRef, useState, type FormEvent } from 'react';
import { DEMO_MODEL_ID, MODEL_CATALOG } from '../core/catalog';
import type { DevicePreference } from '../core/device';
import type { ModelChoice } from '../core/settings';
import { messageOf } from '../core/errors';
import { HUB_HOST, InvalidHostError, hubLayoutSource, type ModelSource } from '../core/source';
import { useModalDialog } from './use-modal-dialog';

interface Props {
  open: boolean;
  current: ModelChoice;
  /** Where Hub models come from now: the Hub itself or a mirror. */
  hubSource: ModelSource;
  devicePreference: DevicePreference;
  builtIn: ModelSource;
  /** `host` is the host field as typed (empty for the Hub), to be remembered. */
  onApply: (choice: ModelChoice, devicePreference: DevicePreference, host: string | null) => void;
  /** Forgets the embeddings, downloaded models and settings this browser keeps. */
  onForget: () => Promise<void>;
  onClose: () => void;
}

/** Where forgetting this browser's data stands: asked for, awaiting the person's yes, under way, done. */
type Forgetting = 'idle' | 'confirm' | 'working' | 'done';

/**
 * Model, host and device settings in a modal dialog (Escape closes it, and focus returns to the
 * button that opened it); the host applies to every model but the built-in demo.
 */
export function Settings({ open, current, hubSource, devicePreference, builtIn, onApply, onForget, onClose }: Props) {
  const dialog = useModalDialog(open);
  const [model, setModel] = useState(current.model);
  const [host, setHost] = useState(hubSource.host === HUB_HOST ? '' : hubSource.host);
  const [device, setDevice] = useState(devicePreference);
  const [error, setError] = useState<string | null>(null);
  const [forgetting, setForgetting] = useState<Forgetting>('idle');
  const [forgetError, setForgetError] = useState<string | null>(null);
  // Each step of forgetting replaces the button just pressed, so focus moves to the next step's control
  // (never on the dialog's first opening): otherwise a keyboard user is left on the page body.
  const forgetStarted = useRef(false);
  const askToForget = useRef<HTMLButtonElement>(null);
  const keepIt = useRef<HTMLButtonElement>(null);
  const forgotten = useRef<HTMLParagraphElement>(null);
  useEffect(() => {
    if (!forgetStarted.current) return;
    const next = { idle: askToForget, confirm: keepIt, working: null, done: forgotten }[forgetting];
    next?.current?.focus();
  }, [forgetting]);
  const moveForgetting = (next: Forgetting) => {
    forgetStarted.current = true;
    setForgetting(next);
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const id = model.trim();
    try {
      // Checked even for the demo: it is remembered for later. The host in force is one the policy allows.
      const hub = hubLayoutSource(host || HUB_HOST, [hubSource.host]);
      const source = id === DEMO_MODEL_ID ? builtIn : hub;
      setError(null);
      onApply({ model: id, source }, device, host.trim() || null);
      onClose();
    } catch (caught) {
      if (caught instanceof InvalidHostError) setError(caught.message);
      else throw caught;
    }
  };

  const forget = () => {
    if (forgetting === 'working') return;
    moveForgetting('working');
    setForgetError(null);
    onForget().then(
      () => moveForgetting('done'),
      (caught: unknown) => {
        moveForgetting('idle');
        setForgetError(`This browser's data could not all be forgotten: ${messageOf(caught)}`);
      },
    );
  };

  return (
    <dialog ref={dialog} className="settings" aria-labelledby="settings-heading" onClose={onClose}>
      <form onSubmit={submit}>
        <h2 id="settings-heading">Model settings</h2>
        <label>
          Model
          <input list="model-catalog" value={model} onChange={(event) => setModel(event.target.value)} />
          <datalist id="model-catalog">
            {MODEL_CATALOG.map((entry) => (
              <option key={entry.id} value={entry.id}>
                {entry.title}: {entry.note}
              </option>
            ))}
          </datalist>
        </label>
        <label>
          Model host (a Hugging Face mirror or your own server)
          <input
            placeholder={HUB_HOST}
            value={host}
            onChange={(event) => setHost(event.target.value)}
            aria-invalid={error ? true : undefined}
          />
        </label>
        <label>
          Run on
          <select value={device} onChange={(event) => setDevice(event.target.value as DevicePreference)}>
            <option value="auto">The graphics card when it can, else the processor</option>
            <option value="wasm">The processor only</option>
          </select>
        </label>
        {error && (
          <p role="alert" className="error">
            {error}
          </p>
        )}
        <div className="actions">
          <button type="submit" className="primary">
            Load model
          </button>
          <button type="button" onClick={onClose}>
            Cancel
          </button>
        </div>
        <section className="forget" aria-labelledby="forget-heading">
          <h3 id="forget-heading">This browser's data</h3>
          <p className="muted">
            Your photos' thumbnails and embeddings, your labels, downloaded models and what you saved (the model host,
            your sets of labels) stay in this browser, so that later visits pick up where you left off, quickly and
            offline.
          </p>
          {forgetting === 'idle' && (
            <button type="button" ref={askToForget} onClick={() => moveForgetting('confirm')}>
              Forget this browser's data
            </button>
          )}
          {(forgetting === 'confirm' || forgetting === 'working') && (
            <div role="group" aria-labelledby="forget-question">
              <p id="forget-question">
                Forget every photo's thumbnail and embedding, the labels kept for your next visit, every downloaded
                model, the saved model host and your sets of labels? The photos on this page stay until you close it;
                models download again when next used.
              </p>
              <div className="actions">
                <button type="button" aria-disabled={forgetting === 'working'} onClick={forget}>
                  Forget it all
                </button>
                <button
                  type="button"
                  ref={keepIt}
                  aria-disabled={forgetting === 'working'}
                  onClick={() => {
                    if (forgetting !== 'working') moveForgetting('idle');
                  }}
                >
                  Keep it
                </button>
              </div>
            </div>
          )}
          {forgetting === 'done' && (
            <p role="status" ref={forgotten} tabIndex={-1}>
              Forgotten: this browser keeps nothing of cliptag's now.
            </p>
          )}
          {forgetError && (
            <p role="alert" className="error">
              {forgetError}
            </p>
          )}
        </section>
      </form>
    </dialog>
  );
}
