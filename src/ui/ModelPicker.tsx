import { DEMO_MODEL_ID, catalogDtype, catalogEntry } from '../core/catalog';
import { deviceInPlainWords } from '../core/device';
import { formatBytes } from '../core/progress';
import type { ModelCheck } from '../core/protocol';
import type { ModelChoice } from '../core/settings';

interface Props {
  choices: readonly ModelChoice[];
  /** What the worker found: the device, and which models this browser has already. Null while it looks. */
  check: ModelCheck | null;
  onChoose: (choice: ModelChoice) => void;
  /** The demo comes with its own labels and photos, so it has an action of its own. */
  onTryDemo: () => void;
  onOpenSettings: () => void;
}

/** The models on offer, with what each is good at and what it costs to download here; nothing loads until a click. */
export function ModelPicker({ choices, check, onChoose, onTryDemo, onOpenSettings }: Props) {
  return (
    <section className="model-picker" aria-labelledby="model-picker-heading">
      <h2 id="model-picker-heading">Choose a model</h2>
      <p>
        The model runs in this browser and your photos never leave it. It is downloaded once and kept here, so later
        visits start at once, even offline.
        {check && ` On this device it will run ${deviceInPlainWords(check.device)}.`}
      </p>
      <ul className="model-list">
        {choices.map((choice, index) => (
          <ModelOption
            key={choice.model}
            choice={choice}
            recommended={index === 0}
            availability={check?.models.find((entry) => entry.model === choice.model) ?? null}
            check={check}
            onChoose={choice.model === DEMO_MODEL_ID ? onTryDemo : () => onChoose(choice)}
          />
        ))}
      </ul>
      <p className="muted">
        Another model, or your own copy of the Hub?{' '}
        <button type="button" className="link" onClick={onOpenSettings}>
          Model settings
        </button>
      </p>
    </section>
  );
}

function ModelOption({
  choice,
  recommended,
  availability,
  check,
  onChoose,
}: {
  choice: ModelChoice;
  /** The first on offer: the default, or the model last used. */
  recommended: boolean;
  availability: ModelCheck['models'][number] | null;
  check: ModelCheck | null;
  onChoose: () => void;
}) {
  const entry = catalogEntry(choice.model);
  const demo = choice.model === DEMO_MODEL_ID;
  // Until the worker has looked, assume the processor (q8), the smallest download a person would face.
  const dtype =
    availability?.dtype ?? catalogDtype(choice.model, check?.device ?? { kind: 'wasm', threads: 1, whyNotWebGpu: '' });
  const bytes = entry?.encoderBytes[dtype];
  const size = bytes === undefined ? null : formatBytes(bytes);
  const cached = availability?.cached ?? false;
  const action = demo ? 'Try the demo' : cached ? 'Use' : size ? `Download ${size} and use` : 'Download and use';
  return (
    <li className="model-option">
      <div>
        <h3>{entry?.title ?? choice.model}</h3>
        <p>{entry?.note ?? 'A model you named in settings.'}</p>
        <p className="muted">
          {cached
            ? 'Already in this browser: no download.'
            : demo
              ? `Built into this page (${size ?? 'small'}).`
              : size
                ? `A ${size} download, once.`
                : 'Its size shows once the download starts.'}
          {entry && !demo && ` ImageNet accuracy without training: ${entry.imageNetTop1}.`}
        </p>
      </div>
      <button
        type="button"
        className={recommended ? 'primary' : undefined}
        aria-label={`${action}: ${entry?.title ?? choice.model}`}
        onClick={onChoose}
      >
        {action}
      </button>
    </li>
  );
}
