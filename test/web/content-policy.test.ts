// The pages' security policy allows styles and scripts only from the shop's own files
// (style-src 'self', script-src 'self'): inline ones would be silently blocked in the browser.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

function templates(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'mail' ? [] : templates(full); // mails are not pages
    return entry.name.endsWith('.ejs') ? [full] : [];
  });
}

describe('page templates', () => {
  // A JSON data block is data, not a script: the policy lets it be.
  it('have no inline styles or scripts, which the security policy would block', () => {
    const found = templates('views').flatMap((file) => {
      const text = readFileSync(file, 'utf8');
      return [/\sstyle="/, /<style[\s>]/, /<script(?![^>]*\ssrc=)(?![^>]*type="application\/json")[^>]*>/, /\son[a-z]+="/].filter((p) => p.test(text)).map((p) => `${file}: ${p}`);
    });
    expect(found).toEqual([]);
  });
});
