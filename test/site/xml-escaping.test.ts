import { describe, expect, test } from 'vitest';
import { newsUrlSetXml } from '../../src/site/discovery/sitemap-xml.ts';
import { cdata, escapeXml, xmlElement } from '../../src/site/xml-escaping.ts';

describe('XML text', () => {
  test('escapes markup characters for content and either kind of quoted attribute', () => {
    expect(escapeXml(`Tom & Jerry <"l'amico">`)).toBe('Tom &amp; Jerry &lt;&quot;l&apos;amico&quot;&gt;');
    expect(xmlElement('title', 'A & B', { lang: 'it', missing: undefined })).toBe('<title lang="it">A &amp; B</title>');
  });

  test('drops characters XML 1.0 forbids and keeps tabs, newlines and paired surrogates', () => {
    expect(escapeXml('a\u0000b\u000Bc\uFFFEd\uD800e\tf\ng🙂')).toBe('abcde\tf\ng🙂');
  });

  test('splits a CDATA terminator inside the text across two sections', () => {
    expect(cdata('x]]>y\u0001')).toBe('<![CDATA[x]]]]><![CDATA[>y]]>');
  });

  test('sitemaps escape with the same rules as feeds', () => {
    const xml = newsUrlSetXml({ name: 'Il "Controvento"', language: 'it' }, [
      { loc: 'https://example.org/a/?x=1&y=2', title: "L'accordo\u0007 <tregua>", publishedAt: '2026-01-01T00:00:00Z' },
    ]);
    expect(xml).toContain('<news:name>Il &quot;Controvento&quot;</news:name>');
    expect(xml).toContain('<loc>https://example.org/a/?x=1&amp;y=2</loc>');
    expect(xml).toContain('<news:title>L&apos;accordo &lt;tregua&gt;</news:title>');
  });
});
