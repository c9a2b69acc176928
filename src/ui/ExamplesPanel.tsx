import { parseLabel } from '../core/labels';
import type { Photo, TaughtExample } from '../session/session-state';

interface Props {
  examples: readonly TaughtExample[];
  labels: readonly string[];
  photos: readonly Photo[];
  onRemove: (id: string) => void;
}

/** "2 photos are, 1 is not": how many corrections a label has, of each kind. */
function countText(examples: readonly TaughtExample[]): string {
  const negatives = examples.filter((example) => example.negative).length;
  const positives = examples.length - negatives;
  const parts = [
    positives > 0 ? `${positives} ${positives === 1 ? 'photo is' : 'photos are'} it` : '',
    negatives > 0 ? `${negatives} ${negatives === 1 ? 'is' : 'are'} not` : '',
  ];
  return parts.filter(Boolean).join(', ');
}

/**
 * The photos taught as examples ("this is X", "not X", or dropped on a label), grouped by label, each
 * with a way to take it back. Examples of labels not in the current list wait for those labels to return.
 */
export function ExamplesPanel({ examples, labels, photos, onRemove }: Props) {
  if (examples.length === 0) return null;
  const thumbnails = new Map(photos.map((photo) => [photo.id, photo.thumbnailUrl]));
  const byLabel = new Map<string, TaughtExample[]>();
  for (const example of examples) byLabel.set(example.label, [...(byLabel.get(example.label) ?? []), example]);
  const inUse = [...byLabel.keys()].filter((label) => labels.includes(label));
  const waiting = examples.length - inUse.reduce((sum, label) => sum + byLabel.get(label)!.length, 0);
  return (
    <details className="examples-panel">
      <summary>Examples you taught ({examples.length})</summary>
      {inUse.map((label) => {
        const taught = byLabel.get(label)!;
        const display = parseLabel(label).display;
        return (
          <section key={label} className="example-group" aria-label={`Examples of ${display}`}>
            <h3>
              {display} <span className="muted">({countText(taught)})</span>
            </h3>
            <ul className="example-list">
              {taught.map((example) => {
                const thumbnail = thumbnails.get(example.photoId);
                return (
                  <li key={example.id} data-negative={example.negative === true}>
                    {thumbnail ? <img src={thumbnail} alt="" /> : <span className="thumb-placeholder" />}
                    <span className="example-name">
                      {example.negative ? 'Not: ' : ''}
                      {example.name}
                    </span>
                    <button
                      type="button"
                      className="icon"
                      aria-label={`Remove example ${example.name} (${example.negative ? 'not ' : ''}${display})`}
                      onClick={() => onRemove(example.id)}
                    >
                      ×
                    </button>
                  </li>
                );
              })}
            </ul>
          </section>
        );
      })}
      {waiting > 0 && (
        <p className="muted">
          {waiting} more {waiting === 1 ? 'example is' : 'examples are'} kept for labels not in your list now; they
          count again when you add those labels back.
        </p>
      )}
    </details>
  );
}
