import { describe, expect, it } from 'vitest';
import { dialableClipboardText } from './clipboard';

describe('dialableClipboardText', () => {
  it('offers typed numbers and phone links as they were copied', () => {
    expect(dialableClipboardText('+1 (201) 555-0123', 'US')).toBe('+1 (201) 555-0123');
    expect(dialableClipboardText('020 7946 0958', 'GB')).toBe('020 7946 0958');
    expect(dialableClipboardText('tel:+44-20-7946-0958', 'US')).toBe('tel:+44-20-7946-0958');
  });

  it('offers nothing for empty text, prose, national numbers of another country, or hostile links', () => {
    for (const text of ['', '   ', 'Meeting notes from Tuesday', 'javascript:alert(1)', 'tel:+1201555\u202e0123', `tel:+1${'0'.repeat(300)}`, '1'.repeat(65)]) {
      expect(dialableClipboardText(text, 'US'), text).toBeNull();
    }
    expect(dialableClipboardText('020 7946 0958', 'US')).toBeNull();
  });
});
