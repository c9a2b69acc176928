import { forwardRef, type ReactNode } from 'react';
import { parseLabel } from '../core/labels';
import type { PrecisionRecallPoint } from '../core/metrics';

interface PictureProps {
  className: string;
  size: number;
  /** What the picture shows, for screen readers and as its title when saved. */
  description: string;
  children: ReactNode;
}

/** A square drawing on white that reads as an image with its description, and saves as a file as it is. */
const Picture = forwardRef<SVGSVGElement, PictureProps>(function Picture(
  { className, size, description, children },
  ref,
) {
  return (
    <svg
      ref={ref}
      xmlns="http://www.w3.org/2000/svg"
      className={className}
      viewBox={`0 0 ${size} ${size}`}
      width={size}
      role="img"
      aria-label={description}
      fontFamily="system-ui, sans-serif"
      fontSize="11"
    >
      <title>{description}</title>
      <rect width={size} height={size} fill="#ffffff" />
      {children}
    </svg>
  );
});

const CELL = 30;
const MARGIN = 130;

/** The labels worth a row or column: those with photos, and those any photo was taken for. */
export function confusionLabels(confusion: readonly number[], labels: number): number[] {
  return Array.from({ length: labels }, (_, label) => label).filter((label) => {
    for (let other = 0; other < labels; other++) {
      if (confusion[label * labels + other]! > 0 || confusion[other * labels + label]! > 0) return true;
    }
    return false;
  });
}

interface ConfusionProps {
  labels: readonly string[];
  confusion: readonly number[];
  /** What the picture shows, for screen readers and as its title when saved. */
  description: string;
}

/**
 * The confusion matrix as a picture: one row per right label, one column per label the photos were
 * taken for, darker where more photos fall. Colours are written into the drawing so that it saves as is.
 */
export const ConfusionPicture = forwardRef<SVGSVGElement, ConfusionProps>(function ConfusionPicture(
  { labels, confusion, description },
  ref,
) {
  const count = labels.length;
  const shown = confusionLabels(confusion, count);
  // Room on the right for the last column's slanted name.
  const size = MARGIN + shown.length * CELL + 80;
  const max = Math.max(1, ...confusion);
  return (
    <Picture ref={ref} className="confusion-picture" size={size} description={description}>
      {shown.map((label, position) => {
        const name = parseLabel(labels[label]!).display;
        const at = MARGIN + position * CELL + CELL / 2;
        return (
          <g key={label}>
            <text x={MARGIN - 6} y={at + 4} textAnchor="end" fill="#1c2430">
              {name}
            </text>
            <text x={at} y={MARGIN - 6} textAnchor="start" fill="#1c2430" transform={`rotate(-60 ${at} ${MARGIN - 6})`}>
              {name}
            </text>
          </g>
        );
      })}
      {shown.flatMap((truth, row) =>
        shown.map((predicted, column) => {
          const value = confusion[truth * count + predicted]!;
          const strength = value / max;
          const x = MARGIN + column * CELL;
          const y = MARGIN + row * CELL;
          const right = truth === predicted;
          return (
            <g key={`${truth}-${predicted}`}>
              <rect
                x={x}
                y={y}
                width={CELL}
                height={CELL}
                fill={
                  value === 0
                    ? '#f3f5f8'
                    : right
                      ? `rgba(31, 122, 60, ${0.15 + 0.85 * strength})`
                      : `rgba(196, 43, 28, ${0.15 + 0.85 * strength})`
                }
                stroke="#ffffff"
              />
              {value > 0 && (
                <text
                  x={x + CELL / 2}
                  y={y + CELL / 2 + 4}
                  textAnchor="middle"
                  fill={strength > 0.5 ? '#ffffff' : '#1c2430'}
                >
                  {value}
                </text>
              )}
            </g>
          );
        }),
      )}
    </Picture>
  );
});

const CURVE = 240;
const PAD = 36;

interface CurveProps {
  points: readonly PrecisionRecallPoint[];
  /** The point at the threshold in force, marked. */
  at: { precision: number | null; recall: number | null };
  description: string;
}

/** Precision against recall as the threshold falls, with the current threshold marked. */
export const PrecisionRecallPicture = forwardRef<SVGSVGElement, CurveProps>(function PrecisionRecallPicture(
  { points, at, description },
  ref,
) {
  const x = (recall: number) => PAD + recall * CURVE;
  const y = (precision: number) => PAD + (1 - precision) * CURVE;
  const size = CURVE + 2 * PAD;
  return (
    <Picture ref={ref} className="curve-picture" size={size} description={description}>
      <rect x={PAD} y={PAD} width={CURVE} height={CURVE} fill="none" stroke="#5d6b7c" />
      <text x={PAD + CURVE / 2} y={size - 8} textAnchor="middle" fill="#1c2430">
        Found (recall)
      </text>
      <text
        x={12}
        y={PAD + CURVE / 2}
        textAnchor="middle"
        fill="#1c2430"
        transform={`rotate(-90 12 ${PAD + CURVE / 2})`}
      >
        Right when tagged (precision)
      </text>
      <polyline
        fill="none"
        stroke="#2f6fed"
        strokeWidth="2"
        points={points.map((point) => `${x(point.recall).toFixed(1)},${y(point.precision).toFixed(1)}`).join(' ')}
      />
      {at.precision !== null && at.recall !== null && (
        <circle cx={x(at.recall)} cy={y(at.precision)} r="5" fill="#c42b1c" />
      )}
    </Picture>
  );
});
