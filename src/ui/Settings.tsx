import { useState, type FormEvent } from 'react';
import { DEMO_MODEL_ID, MODEL_CATALOG } from '../core/catalog';
import type { DevicePreference } from '../core/device';
import type { ModelChoice } from '../core/settings';
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
  onClose: () => void;
}

/**
 * Model, host and device settings in a modal dialog (Escape closes it, and focus returns to the
 * button that opened it); the host applies to every model but the built-in demo.
 */
export function Settings({ open, current, hubSource, devicePreference, builtIn, onApply, onClose }: Props) {
  const dialog = useModalDialog(open);
  const [model, setModel] = useState(current.model);
  const [host, setHost] = useState(hubSource.host === HUB_HOST ? '' : hubSource.host);
  const [device, setDevice] = useState(devicePreference);
  const [error, setError] = useState<string | null>(null);

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
      </form>
    </dialog>
  );
}
