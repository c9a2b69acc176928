import { useState, type FormEvent } from 'react';
import { DEMO_MODEL_ID, MODEL_CATALOG } from '../core/catalog';
import { HUB_HOST, InvalidHostError, hubLayoutSource } from '../core/source';
import type { ModelChoice } from '../core/settings';
import type { DevicePreference } from '../core/device';

interface Props {
  current: ModelChoice;
  devicePreference: DevicePreference;
  builtIn: ModelChoice['source'];
  onApply: (choice: ModelChoice, devicePreference: DevicePreference, savedHost: string | null) => void;
}

/** Model, host and device settings; the host applies to every model but the built-in demo. */
export function Settings({ current, devicePreference, builtIn, onApply }: Props) {
  const [model, setModel] = useState(current.model);
  const [host, setHost] = useState(current.source.host === builtIn.host ? '' : current.source.host);
  const [device, setDevice] = useState(devicePreference);
  const [error, setError] = useState<string | null>(null);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const id = model.trim();
    if (id === DEMO_MODEL_ID) {
      onApply({ model: id, source: builtIn }, device, null);
      return;
    }
    try {
      const source = hubLayoutSource(host || HUB_HOST);
      setError(null);
      onApply({ model: id, source }, device, host || null);
    } catch (caught) {
      if (caught instanceof InvalidHostError) setError(caught.message);
      else throw caught;
    }
  };

  return (
    <details className="settings">
      <summary>Model settings</summary>
      <form onSubmit={submit}>
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
            <option value="auto">WebGPU when available, else WASM</option>
            <option value="wasm">WASM only</option>
          </select>
        </label>
        {error && (
          <p role="alert" className="error">
            {error}
          </p>
        )}
        <button type="submit" className="primary">
          Load model
        </button>
      </form>
    </details>
  );
}
