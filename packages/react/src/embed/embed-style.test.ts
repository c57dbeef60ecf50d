import { describe, expect, it } from 'vitest';
import { EMBED_CSS, cssIdent, cssLength } from './embed-style.js';

// The server-rendered `<style>` must read back exactly as React wrote it: React 18 entity-escapes
// `& < > " '` in a style's text and the browser does not decode them there, so hydration fails.
describe('the embed sheet as server-rendered text', () => {
  it('should hold no character React 18 would entity-escape', () => {
    expect(EMBED_CSS).not.toMatch(/[&<>"']/);
  });

  it('should turn useId ids of React 18 and 19 into unquoted CSS identifiers', () => {
    expect(cssIdent(':R1:')).toBe('\\:R1\\:');
    expect(cssIdent('«r1»')).toBe('«r1»');
    expect(cssIdent('_r_1_')).toBe('_r_1_');
  });

  it('should ignore a length that could break out of the rule or be escaped', () => {
    expect(cssLength(640, '100%')).toBe('640px');
    expect(cssLength('50vh', '800px')).toBe('50vh');
    for (const bad of ['1px}body{display:none', "calc(1px + 'x')", 'a&b', '"1px"', '1px;x:y']) {
      expect(cssLength(bad, '800px')).toBe('800px');
    }
  });
});
