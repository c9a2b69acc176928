import { DEMO_MODEL_ID, DEMO_MODEL_KNOWS, modelTitle } from '../core/catalog';
import { deviceInPlainWords, describeDevice } from '../core/device';
import { downloadRate, formatBytes, formatTimeLeft } from '../core/progress';
import type { ModelChoice } from '../core/settings';
import { hostLabel } from '../core/source';
import type { ModelState } from '../session/session-state';

interface Props {
  model: ModelState;
  choice: ModelChoice;
  /** Bytes the catalog expects the chosen model's download to be, before the download says. */
  expectedBytes: number | null;
  onUseDemo: () => void;
  onRetry: () => void;
  onCancel: () => void;
}

/** Which model runs where, the download while it comes, and what to do when it cannot. */
export function ModelStatus({ model, choice, expectedBytes, onUseDemo, onRetry, onCancel }: Props) {
  const demo = choice.model === DEMO_MODEL_ID;
  switch (model.status) {
    case 'idle':
      return null;
    case 'loading': {
      const total = model.progress?.total || expectedBytes || 0;
      const loaded = model.progress?.loaded ?? 0;
      const rate = downloadRate(model.samples, total);
      const facts = [
        total > 0 ? `${formatBytes(loaded)} of ${formatBytes(total)}` : null,
        rate && rate.bytesPerSecond > 0 ? `${formatBytes(rate.bytesPerSecond)}/s` : null,
        rate?.secondsLeft ? formatTimeLeft(rate.secondsLeft) : null,
      ].filter(Boolean);
      return (
        <section className="status" aria-labelledby="model-status-heading">
          <h2 id="model-status-heading" className="visually-hidden">
            Model
          </h2>
          {model.restarting && (
            <p className="note">
              The model stopped unexpectedly, so it is being restarted. Your photos and labels are kept.
            </p>
          )}
          <p role="status">
            Loading {modelTitle(choice.model)}
            {demo ? '' : ` from ${hostLabel(choice.source)}`}… {facts.join(' · ')}
          </p>
          <progress
            aria-label="Model download"
            max={total > 0 ? total : undefined}
            value={total > 0 ? loaded : undefined}
          />
          <div className="actions">
            <button type="button" onClick={onCancel}>
              Cancel
            </button>
            {!demo && (
              <button type="button" onClick={onUseDemo}>
                Use the demo instead
              </button>
            )}
          </div>
        </section>
      );
    }
    case 'ready': {
      const { info } = model;
      return (
        <section className="status" aria-labelledby="model-status-heading" data-testid="device-status">
          <h2 id="model-status-heading" className="visually-hidden">
            Model
          </h2>
          <p role="status">
            <strong>{modelTitle(choice.model)}</strong> is ready, running {deviceInPlainWords(info.device)}.
          </p>
          {demo && <p className="note">It knows colours and shapes, not real photos.</p>}
          <details className="details">
            <summary>Details</summary>
            <p>
              {info.model} · {info.dtype} · {describeDevice(info.device)}
              {info.device.kind === 'wasm' && <> — not WebGPU: {info.device.whyNotWebGpu}</>}
            </p>
          </details>
        </section>
      );
    }
    case 'error': {
      return (
        <section className="status status-error" aria-labelledby="model-status-heading">
          <h2 id="model-status-heading" className="visually-hidden">
            Model
          </h2>
          <p role="alert">{model.error.message}</p>
          {model.error.detail && (
            <details className="details">
              <summary>Details</summary>
              <p>{model.error.detail}</p>
            </details>
          )}
          <div className="actions">
            <button type="button" onClick={onRetry}>
              Try again
            </button>
            <button type="button" className="primary" onClick={onUseDemo}>
              Use the built-in demo model
            </button>
            <button type="button" onClick={onCancel}>
              Choose another model
            </button>
          </div>
          <p className="muted">{DEMO_MODEL_KNOWS}</p>
        </section>
      );
    }
  }
}
