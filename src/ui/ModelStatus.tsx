import { DEMO_MODEL_KNOWS } from '../core/catalog';
import { describeDevice } from '../core/device';
import { formatBytes } from '../core/progress';
import { hostLabel } from '../core/source';
import type { ModelState } from '../session/session-state';
import type { ModelChoice } from '../core/settings';

interface Props {
  model: ModelState;
  choice: ModelChoice;
  onUseDemo: () => void;
  onRetry: () => void;
}

/** Which model runs where, the download while it comes, and what to do when it cannot. */
export function ModelStatus({ model, choice, onUseDemo, onRetry }: Props) {
  switch (model.status) {
    case 'idle':
      return null;
    case 'loading': {
      const { progress } = model;
      const known = progress && progress.total > 0;
      return (
        <section className="status" aria-label="Model status">
          <p role="status">
            Loading {choice.model} from {hostLabel(choice.source)}…{' '}
            {known && `${formatBytes(progress.loaded)} of ${formatBytes(progress.total)}`}
          </p>
          <progress
            aria-label="Model download"
            max={known ? progress.total : undefined}
            value={known ? progress.loaded : undefined}
          />
        </section>
      );
    }
    case 'ready': {
      const { info } = model;
      return (
        <section className="status" aria-label="Model status">
          <p role="status" data-testid="device-status">
            <strong>{info.model}</strong> · {info.dtype} · {describeDevice(info.device)}
            {info.device.kind === 'wasm' && <span className="muted"> — not WebGPU: {info.device.whyNotWebGpu}</span>}
          </p>
        </section>
      );
    }
    case 'error': {
      return (
        <section className="status status-error" aria-label="Model status">
          <p role="alert">{model.error.message}</p>
          <div className="actions">
            <button type="button" onClick={onRetry}>
              Try again
            </button>
            <button type="button" className="primary" onClick={onUseDemo}>
              Use the built-in demo model
            </button>
          </div>
          <p className="muted">{DEMO_MODEL_KNOWS}</p>
        </section>
      );
    }
  }
}
