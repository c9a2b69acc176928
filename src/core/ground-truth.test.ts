import { describe, expect, it } from 'vitest';
import {
  AnswersFileError,
  crossValidationFolds,
  evaluationLabels,
  folderLabel,
  parseAnswers,
  photoTruths,
} from './ground-truth';

describe('right answers from folders', () => {
  it('takes the name of the folder a photo sits in directly, trimmed; none outside a folder', () => {
    expect(folderLabel('shapes/red circle/1.png')).toBe('red circle');
    expect(folderLabel('cats/IMG_1.jpg')).toBe('cats');
    expect(folderLabel('IMG_1.jpg')).toBeNull();
    expect(folderLabel(' dogs /a.jpg')).toBe('dogs');
  });
  it('labels each photo by its folder, and leaves out photos outside one', () => {
    const truths = photoTruths(
      [
        { id: 'a', path: 'eval/cat/1.jpg', name: '1.jpg' },
        { id: 'b', path: 'loose.jpg', name: 'loose.jpg' },
      ],
      null,
    );
    expect([...truths.labels]).toEqual([['a', ['cat']]]);
  });
});

describe('right answers from a CSV', () => {
  it('reads file,label[,label...] with a header, quotes, CRLF, blank rows and a row with no label', () => {
    const text = '\uFEFFfile,labels\r\n"a, b.jpg",cat,"dog ""rex"""\r\n\r\nc.jpg,cat,Cat\nnone.jpg\n';
    expect([...parseAnswers(text, 'answers.csv')]).toEqual([
      ['a, b.jpg', ['cat', 'dog "rex"']],
      ['c.jpg', ['cat']],
      ['none.jpg', []],
    ]);
  });
  it('names the file and line of a bad row, and what to do', () => {
    expect(() => parseAnswers('a.jpg,cat\n,dog\n', 'truth.csv')).toThrow(
      new AnswersFileError(
        "truth.csv, line 2: the first column is empty. Each row needs a photo's file name, then its labels.",
      ),
    );
    expect(() => parseAnswers('a.jpg,cat\na.jpg,dog', 'truth.csv')).toThrow(/line 2: a.jpg is listed twice/);
    expect(() => parseAnswers('a.jpg,"cat\n', 'truth.csv')).toThrow(/quote opened on line 1 is never closed/);
    expect(() => parseAnswers('file,label\n', 'truth.csv')).toThrow(/lists no photos/);
  });
  it('matches a row by path, by the end of a longer path, or by name; lists rows that match nothing', () => {
    const answers = parseAnswers('cats/1.jpg,cat\n2.jpg,dog\nmissing.jpg,cat\n', 'a.csv');
    const truths = photoTruths(
      [
        { id: 'a', path: 'holiday/cats/1.jpg', name: '1.jpg' },
        { id: 'b', path: 'holiday/2.jpg', name: '2.jpg' },
        { id: 'c', path: 'other/3.jpg', name: '3.jpg' },
      ],
      answers,
    );
    expect([...truths.labels]).toEqual([
      ['a', ['cat']],
      ['b', ['dog']],
    ]);
    expect(truths.unmatched).toEqual(['missing.jpg']);
  });
});

describe('the labels scored', () => {
  it("are the person's labels first, then the answers' new ones in the order met, case-insensitively one", () => {
    expect(evaluationLabels(['dog', 'cat'], [['Cat'], ['bird', 'dog'], ['fish']])).toEqual([
      'dog',
      'cat',
      'bird',
      'fish',
    ]);
  });
});

describe('cross-validation folds', () => {
  it("deal each label's photos round the folds, keeping the folds even", () => {
    expect(crossValidationFolds([0, 0, 0, 1, 1, 0, 2], 3)).toEqual([0, 1, 2, 1, 2, 0, 0]);
    const folds = crossValidationFolds([0, 0, 0, 0, 1, 1, 1, 1], 2);
    expect(folds.filter((fold) => fold === 0)).toHaveLength(4);
    expect([
      folds.slice(0, 4).filter((fold) => fold === 0).length,
      folds.slice(4).filter((f) => f === 0).length,
    ]).toEqual([2, 2]);
  });
  it('needs two folds or more', () => {
    expect(() => crossValidationFolds([0, 1], 1)).toThrow(RangeError);
  });
});
