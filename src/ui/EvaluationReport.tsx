import { useRef, useState, type RefObject } from 'react';
import { modelTitle } from '../core/catalog';
import {
  labelsWithOnePhoto,
  type EvaluationReport as Report,
  type VariantId,
  type VariantReport,
} from '../core/evaluation';
import { exhaustiveSwitchError } from '../core/exhaustive';
import { parseLabel } from '../core/labels';
import type { PromptSettings } from '../core/prompts';
import type { ModelComparison } from '../session/session-state';
import { ConfusionPicture, PrecisionRecallPicture, confusionLabels } from './EvaluationPictures';
import { download, exportName } from './downloads';
import { percent } from './PhotoCard';

interface Props {
  report: Report;
  notes: readonly string[];
  /** The same check by a second model, once it has one; its report goes beside this one. */
  comparison: ModelComparison | null;
  prompts: PromptSettings;
  onClose: () => void;
}

/** One way of scoring by one model: a row of the side-by-side table, and a choice for the details. */
interface Row {
  key: string;
  report: Report;
  variant: VariantReport;
}

/** A variant's name in words a person who never heard of templates or probes can follow. */
function variantName(id: VariantId, prompts: PromptSettings, folds: number): string {
  const first = prompts.templates[0] ?? '{}';
  switch (id) {
    case 'templates':
      return prompts.promptMode === 'single' || prompts.templates.length === 1
        ? `Your settings: one sentence per label ("${first}")`
        : `Your settings: ${prompts.templates.length} sentences per label, averaged`;
    case 'first-template':
      return `One sentence per label ("${first}")`;
    case 'few-shot':
      return `Taught by your photos: each photo scored after learning from the others (${folds} groups, so none is scored by what it taught)`;
    default:
      return exhaustiveSwitchError(id);
  }
}

const asPercent = (value: number | null) => (value === null ? '–' : percent(value));

/** The confusion matrix again as a table, for screen readers and for reading exact counts. */
function ConfusionTable({ labels, confusion }: { labels: readonly string[]; confusion: readonly number[] }) {
  const count = labels.length;
  const shown = confusionLabels(confusion, count);
  return (
    <table className="confusion-table">
      <caption>Rows: the right label. Columns: the label ranked first.</caption>
      <thead>
        <tr>
          <td />
          {shown.map((label) => (
            <th key={label} scope="col">
              {parseLabel(labels[label]!).display}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {shown.map((truth) => (
          <tr key={truth}>
            <th scope="row">{parseLabel(labels[truth]!).display}</th>
            {shown.map((predicted) => (
              <td key={predicted} data-truth={labels[truth]} data-predicted={labels[predicted]}>
                {confusion[truth * count + predicted]}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function photoCounts(report: Report): number[] {
  const counts = new Array<number>(report.labels.length).fill(0);
  for (const answer of report.truth) for (const label of answer) counts[label]!++;
  return counts;
}

/** Saves the drawing shown as an SVG file. */
function SavePicture({ picture }: { picture: RefObject<SVGSVGElement | null> }) {
  const save = () => {
    if (picture.current)
      download(exportName('svg'), new XMLSerializer().serializeToString(picture.current), 'image/svg+xml');
  };
  return (
    <p>
      <button type="button" onClick={save}>
        Save the picture (SVG)
      </button>
    </p>
  );
}

/** How right one way of scoring was, label by label, with its picture. */
function VariantDetails({ report, variant }: { report: Report; variant: VariantReport }) {
  const picture = useRef<SVGSVGElement>(null);
  if (variant.multi) {
    const { atThreshold, threshold, curve } = variant.multi;
    return (
      <>
        <p>
          At the threshold ({Math.round(threshold * 100)}%): right when tagged (precision){' '}
          <strong data-testid="multi-precision">{asPercent(atThreshold.precision)}</strong>, found (recall){' '}
          <strong data-testid="multi-recall">{asPercent(atThreshold.recall)}</strong>, F1 (both together){' '}
          <strong data-testid="multi-f1">{asPercent(atThreshold.f1)}</strong>.
        </p>
        <PrecisionRecallPicture
          ref={picture}
          points={curve}
          at={atThreshold}
          description={`Precision against recall as the threshold goes from high to low; the dot is the threshold in force, ${Math.round(threshold * 100)}%.`}
        />
        <SavePicture picture={picture} />
      </>
    );
  }
  const single = variant.single!;
  const counts = photoCounts(report);
  return (
    <>
      <table className="per-label">
        <caption>Each label: how often it is right when it comes first, and how many of its photos it finds.</caption>
        <thead>
          <tr>
            <th scope="col">Label</th>
            <th scope="col">Photos</th>
            <th scope="col">Right when first (precision)</th>
            <th scope="col">Found (recall)</th>
          </tr>
        </thead>
        <tbody>
          {report.labels.map((label, index) =>
            counts[index] === 0 && single.perLabel[index]!.precision === null ? null : (
              <tr key={label} data-label={label}>
                <th scope="row">{parseLabel(label).display}</th>
                <td>{counts[index]}</td>
                <td>{asPercent(single.perLabel[index]!.precision)}</td>
                <td>{asPercent(single.perLabel[index]!.recall)}</td>
              </tr>
            ),
          )}
        </tbody>
      </table>
      <h4>Which labels were taken for which</h4>
      <ConfusionPicture
        ref={picture}
        labels={report.labels}
        confusion={single.confusion}
        description={`Confusion matrix of ${report.photoIds.length} photos: rows are the right labels, columns the label ranked first; green squares are right, red ones mistakes, darker for more photos.`}
      />
      <details>
        <summary>The same as a table</summary>
        <ConfusionTable labels={report.labels} confusion={single.confusion} />
      </details>
      <SavePicture picture={picture} />
    </>
  );
}

/** Names at most `shown` labels in quotes, then how many more there are. */
function quotedLabels(labels: readonly string[], shown = 5): string {
  const quoted = labels.slice(0, shown).map((label) => `“${label}”`);
  if (labels.length > shown) return `${quoted.join(', ')} and ${labels.length - shown} more`;
  return quoted.length === 1 ? quoted[0]! : `${quoted.slice(0, -1).join(', ')} and ${quoted.at(-1)}`;
}

/** Says which labels the taught row cannot fairly score: each has one photo, never taught by another. */
function OnePhotoLabels({ report }: { report: Report }) {
  const labels = labelsWithOnePhoto(report);
  if (labels.length === 0) return null;
  const one = labels.length === 1;
  return (
    <p className="muted" data-testid="one-photo-labels">
      {quotedLabels(labels)} {one ? 'is the right answer' : 'are each the right answer'} for one photo only, so “Taught
      by your photos” scores {one ? 'that photo' : 'those photos'} without an example of {one ? 'its' : 'their'} label
      to learn from. More photos of {one ? 'it' : 'them'} give a fairer figure.
    </p>
  );
}

/**
 * The accuracy check's report: the ways of scoring side by side (by both models when one is compared),
 * then one of them label by label, with its picture; all of it can be saved.
 */
export function EvaluationReport({ report, notes, comparison, prompts, onClose }: Props) {
  const reports = comparison?.report ? [report, comparison.report] : [report];
  const compared = reports.length > 1;
  const rows: Row[] = reports.flatMap((each) =>
    each.variants.map((variant) => ({ key: `${each.model}|${variant.id}`, report: each, variant })),
  );
  const [shown, setShown] = useState(rows[0]!.key);
  const row = rows.find((candidate) => candidate.key === shown) ?? rows[0]!;
  const rowName = (candidate: Row) => {
    const name = variantName(candidate.variant.id, prompts, candidate.report.folds);
    return compared ? `${modelTitle(candidate.report.model)}: ${name}` : name;
  };
  const saveReport = () =>
    download(
      exportName('json'),
      JSON.stringify(
        { ...report, comparison: comparison?.report ?? null, exportedAt: new Date().toISOString() },
        null,
        2,
      ),
      'application/json',
    );
  return (
    <section className="evaluation-report" aria-labelledby="evaluation-heading">
      <div className="toolbar">
        <h2 id="evaluation-heading">How well the labels did</h2>
        <button type="button" onClick={saveReport}>
          Save the report (JSON)
        </button>
        <button type="button" onClick={onClose}>
          Close the report
        </button>
      </div>
      <p>
        {report.photoIds.length} {report.photoIds.length === 1 ? 'photo' : 'photos'} with right answers, scored against{' '}
        {report.labels.length} labels.{' '}
        {compared
          ? `${modelTitle(report.model)} scored them from what it had already computed; what the other model had to read is noted below.`
          : 'They were scored from what was already computed: no photo was read again.'}
        {report.multiLabel
          ? ' Some photos have several right labels, so this checks tagging ("tag all that apply").'
          : ''}
      </p>
      {[...notes, ...(comparison?.notes ?? [])].map((note) => (
        <p key={note} className="note">
          {note}
        </p>
      ))}
      <table className="variants">
        <caption>
          {compared
            ? `Ways of scoring, side by side: ${modelTitle(report.model)} and ${modelTitle(comparison!.report!.model)}`
            : 'Ways of scoring, side by side'}
        </caption>
        <thead>
          <tr>
            <th scope="col">Way of scoring</th>
            {report.multiLabel ? (
              <>
                <th scope="col">Right when tagged (precision)</th>
                <th scope="col">Found (recall)</th>
                <th scope="col">F1</th>
              </>
            ) : (
              <>
                <th scope="col">Right label first (top-1)</th>
                <th scope="col">Right label in the top 5</th>
              </>
            )}
          </tr>
        </thead>
        {reports.map((each) => (
          <tbody key={each.model}>
            {compared && (
              <tr>
                <th scope="rowgroup" colSpan={report.multiLabel ? 4 : 3} className="model-heading">
                  {modelTitle(each.model)}
                </th>
              </tr>
            )}
            {rows
              .filter((candidate) => candidate.report === each)
              .map((candidate) => (
                <tr key={candidate.key} data-model={each.model} data-variant={candidate.variant.id}>
                  <th scope="row">{variantName(candidate.variant.id, prompts, each.folds)}</th>
                  {candidate.variant.multi ? (
                    <>
                      <td>{asPercent(candidate.variant.multi.atThreshold.precision)}</td>
                      <td>{asPercent(candidate.variant.multi.atThreshold.recall)}</td>
                      <td>{asPercent(candidate.variant.multi.atThreshold.f1)}</td>
                    </>
                  ) : (
                    <>
                      <td data-metric="top1">{percent(candidate.variant.single!.top1)}</td>
                      <td data-metric="top5">{percent(candidate.variant.single!.top5)}</td>
                    </>
                  )}
                </tr>
              ))}
          </tbody>
        ))}
      </table>
      {report.folds === 0 && <p className="muted">Teaching by your photos needs at least two photos with answers.</p>}
      {report.folds > 0 && <OnePhotoLabels report={report} />}
      <label className="variant-choice">
        Details for{' '}
        <select value={row.key} onChange={(event) => setShown(event.target.value)}>
          {rows.map((candidate) => (
            <option key={candidate.key} value={candidate.key}>
              {rowName(candidate)}
            </option>
          ))}
        </select>
      </label>
      <VariantDetails key={row.key} report={row.report} variant={row.variant} />
    </section>
  );
}
