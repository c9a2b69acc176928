import { expect, test } from './fixtures';
import { openWithModel } from './tagger-page';

test('labels are cleaned, split outside brackets and limited in length', async ({ page }, testInfo) => {
  test.skip(testInfo.project.metadata.device !== 'wasm', 'label input does not depend on the device');
  await openWithModel(page, 'cliptag/toy-clip');
  const input = page.getByRole('textbox', { name: 'Add labels' });
  const chips = page.locator('.chip');

  // Typed key by key: the comma inside the brackets does not end the label.
  await input.pressSequentially('boxer (dog, breed)');
  await input.press('Enter');
  await expect(chips).toHaveCount(1);
  await expect(page.getByRole('button', { name: 'Remove label boxer (dog, breed)' })).toBeVisible();

  // A zero-width space, a NUL and a lone right-to-left override: a duplicate and a blank, both dropped.
  await input.fill('red\u200b circle, red circle\u0000, \u202e, cafe\u0301, café');
  await input.press('Enter');
  await expect(chips).toHaveCount(3);
  await expect(page.getByRole('button', { name: 'Remove label red circle' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Remove label café' })).toBeVisible();

  const long = `a very long label ${'x'.repeat(10_000)}`;
  await input.fill(`blue square, ${long}`);
  await input.press('Enter');
  await expect(page.getByRole('alert')).toHaveText(
    /^"a very long label x{12}…" is too long: a label can have at most 100 characters \(this one has 10,018\)\./,
  );
  await expect(chips).toHaveCount(4);
  await expect(input, 'the refused label stays in the box to be shortened').toHaveValue(long);
  // 100 characters with nowhere to break a line.
  await input.fill('y'.repeat(100));
  await input.press('Enter');
  await expect(page.getByRole('alert')).toHaveCount(0);
  await expect(chips).toHaveCount(5);
  const [list] = await page.locator('.chips').evaluateAll((lists) => lists.map((l) => l.getBoundingClientRect().right));
  const rights = await chips.evaluateAll((items) => items.map((item) => item.getBoundingClientRect().right));
  for (const right of rights) expect(right, 'a long label wraps inside the list of labels').toBeLessThanOrEqual(list!);
});
