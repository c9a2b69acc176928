import { describe, expect, it } from 'vitest';
import { shareLink, sharedLabelsFrom, withoutSharedLabels } from './share-link';

describe('shared label links', () => {
  it('reads labels and a known mode from the address', () => {
    expect(sharedLabelsFrom('?labels=beach,receipt&mode=tag-all')).toEqual({
      labels: ['beach', 'receipt'],
      mode: 'tag-all',
    });
    expect(sharedLabelsFrom('?labels=beach&mode=whatever')).toEqual({ labels: ['beach'], mode: null });
    expect(sharedLabelsFrom('?labels=%20,%20')).toBeNull();
    expect(sharedLabelsFrom('?model=x')).toBeNull();
  });

  it('writes a link that reads back the same, whatever the labels hold', () => {
    const shared = { labels: ['my dog', 'café & bar', 'a/b?c=d'], mode: 'pick-one' as const };
    const link = shareLink('https://example.org/app/?host=x#top', shared);
    expect(link.startsWith('https://example.org/app/?labels=')).toBe(true);
    expect(link).not.toContain('host=');
    expect(sharedLabelsFrom(new URL(link).search)).toEqual(shared);
  });

  it('drops the labels from the address and keeps the rest', () => {
    expect(withoutSharedLabels('https://example.org/?host=h&labels=a,b&mode=tag-all')).toBe(
      'https://example.org/?host=h',
    );
  });
});
