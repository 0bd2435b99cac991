import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isSafeUrl, renderMarkdown, sanitizeHtml, wordCount } from './markdown.ts';

// Known XSS payloads (OWASP XSS filter evasion cheat sheet and friends), sent as Markdown content.
const PAYLOADS = [
  '<script>alert(1)</script>',
  '<SCRIPT SRC=https://evil.example/xss.js></SCRIPT>',
  '<scr<script>ipt>alert(1)</scr</script>ipt>',
  '<img src=x onerror=alert(1)>',
  '<IMG SRC="javascript:alert(\'XSS\');">',
  '<IMG SRC=JaVaScRiPt:alert(1)>',
  '<IMG SRC=&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;&#97;&#108;&#101;&#114;&#116;&#40;&#49;&#41;>',
  '<IMG SRC="jav&#x09;ascript:alert(1);">',
  '<body onload=alert(1)>',
  '<svg/onload=alert(1)>',
  '<svg><script>alert(1)</script></svg>',
  '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>',
  '<iframe src="javascript:alert(1)"></iframe>',
  '<iframe srcdoc="<script>alert(1)</script>">',
  '<object data="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg=="></object>',
  '<embed src="https://evil.example/x.swf">',
  '<a href="javascript:alert(1)">click</a>',
  '<div style="background-image: url(javascript:alert(1))">x</div>',
  '<p style="x:expression(alert(1))">x</p>',
  '<img src="x" onerror="alert(1)"',
  '<a onmouseover="alert(1)"',
  '<details open ontoggle=alert(1)>',
  '<form action="javascript:alert(1)"><button>go</button></form>',
  '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
  '<base href="javascript:alert(1)//">',
  '<!--<img src="--><img src=x onerror=alert(1)//">',
  '[click](javascript:alert(1))',
  '[click](JaVaScRiPt:alert(1))',
  '[click](java\tscript:alert(1))',
  '[click](&#106;avascript:alert(1))',
  '[click](javascript&colon;alert(1))',
  '[click](vbscript:msgbox(1))',
  '[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)',
  '[click](file:///etc/passwd)',
  '![img](javascript:alert(1))',
  '![img](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)',
  '![img"onerror="alert(1)](https://example.com/x.png)',
  '[x](https://example.com "title\\" onmouseover=\\"alert(1)")',
  '<javascript:alert(1)>',
  '<data:text/html,<script>alert(1)</script>>',
  '[a]: javascript:alert(1)\n\n[ref][a]',
  '```html\n<script>alert(1)</script>\n```',
  '`<img src=x onerror=alert(1)>`',
  '<a href="https://ok.example" onclick="alert(1)">ok</a>',
  '<ScRiPt>alert(1)</sCrIpT>',
  '<img """><script>alert(1)</script>">',
];

/** Every tag and attribute the rendered HTML actually contains. */
function elementsOf(html: string) {
  const elements: { tag: string; attributes: Record<string, string> }[] = [];
  for (const match of html.matchAll(/<([a-zA-Z][\w-]*)([^>]*)>/g)) {
    const attributes: Record<string, string> = {};
    for (const attribute of (match[2] ?? '').matchAll(/([^\s=/"']+)(?:="([^"]*)")?/g)) {
      attributes[(attribute[1] ?? '').toLowerCase()] = attribute[2] ?? '';
    }
    elements.push({ tag: (match[1] ?? '').toLowerCase(), attributes });
  }
  return elements;
}

const ALLOWED_TAGS = new Set(
  'h1 h2 h3 h4 h5 h6 p br hr blockquote ul ol li a img code pre em strong del s table thead tbody tr th td'.split(' '),
);
const UNSAFE_SCHEME = /^\s*(?:javascript|vbscript|data|file):/i;

describe('renderMarkdown against known XSS payloads', () => {
  it('has a corpus of at least 30 payloads', () => {
    expect(PAYLOADS.length).toBeGreaterThanOrEqual(30);
  });

  it.each(PAYLOADS)('leaves nothing executable in %j', (payload) => {
    expectNothingExecutable(renderMarkdown(`Intro\n\n${payload}\n\nOutro`));
  });

  // The second layer on its own, as if the renderer had let raw HTML through.
  it.each(PAYLOADS)('sanitises %j even as raw HTML', (payload) => {
    expectNothingExecutable(sanitizeHtml(payload));
  });
});

describe('renderMarkdown on generated hostile input', () => {
  // Fragments of known payloads, recombined: finds what a fixed corpus does not think of.
  const FRAGMENTS = [
    '<',
    '>',
    '</',
    '/>',
    'script',
    'img',
    'svg',
    'iframe',
    'a',
    ' ',
    '\n',
    '\n\n',
    '\t',
    '=',
    '"',
    "'",
    '`',
    'src',
    'href',
    'onerror',
    'onload',
    'style',
    'javascript:',
    'JaVaScRiPt:',
    'vbscript:',
    'data:',
    'jav&#x09;ascript:',
    '&#106;',
    '&colon;',
    'alert(1)',
    '[',
    ']',
    '(',
    ')',
    '!',
    '#',
    '*',
    '-',
    '|',
    '<!--',
    '-->',
    'http://x.y',
  ];

  it('never lets anything executable through', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...FRAGMENTS), { maxLength: 40 }), (parts) => {
        const markdown = parts.join('');
        expectNothingExecutable(renderMarkdown(markdown));
        expectNothingExecutable(sanitizeHtml(markdown));
      }),
      { numRuns: 2000 },
    );
  });
});

function expectNothingExecutable(html: string) {
  for (const { tag, attributes } of elementsOf(html)) {
    expect(ALLOWED_TAGS.has(tag), `tag <${tag}> in ${html}`).toBe(true);
    for (const [name, value] of Object.entries(attributes)) {
      expect(name.startsWith('on'), `attribute ${name} in ${html}`).toBe(false);
      expect(['href', 'src', 'title', 'alt', 'rel', 'start', 'class', 'style']).toContain(name);
      if (name === 'href' || name === 'src') expect(isSafeUrl(value), `${name}=${value}`).toBe(true);
      if (name === 'href' || name === 'src') expect(value).not.toMatch(UNSAFE_SCHEME);
      if (name === 'style') expect(value).toMatch(/^text-align:(left|right|center)$/);
    }
  }
  expect(html).not.toMatch(/<\s*(script|iframe|object|embed|svg|math|style|form|meta|base|body)\b/i);
}

describe('renderMarkdown keeps ordinary Markdown', () => {
  it('renders headings, lists, links, images, code, tables and emphasis', () => {
    const html = renderMarkdown(
      [
        '# Title',
        '## Sub',
        '- one\n- two',
        '1. first',
        '[site](https://example.com "Example") and [rel](../other) and [mail](mailto:a@example.com)',
        '![alt text](/images/a.png "Pic")',
        '`inline` and',
        '```ts\nconst x = 1 < 2;\n```',
        '| a | b |\n|:--|--:|\n| 1 | 2 |',
        '*em* **strong** ~~gone~~',
        '> quoted',
      ].join('\n\n'),
    );
    expect(html).toContain('<h1>Title</h1>');
    expect(html).toContain('<h2>Sub</h2>');
    expect(html).toContain('<ul>\n<li>one</li>');
    expect(html).toContain('<ol>\n<li>first</li>');
    expect(html).toContain('<a rel="noopener noreferrer nofollow" href="https://example.com" title="Example">site</a>');
    expect(html).toContain('<a rel="noopener noreferrer nofollow" href="../other">rel</a>');
    expect(html).toContain('href="mailto:a@example.com"');
    expect(html).toContain('<img src="/images/a.png" alt="alt text" title="Pic">');
    expect(html).toContain('<code>inline</code>');
    expect(html).toContain('<pre><code class="language-ts">const x = 1 &lt; 2;');
    expect(html).toContain('<th style="text-align:left">a</th>');
    expect(html).toContain('<td style="text-align:right">2</td>');
    expect(html).toContain('<em>em</em> <strong>strong</strong> <s>gone</s>');
    expect(html).toContain('<blockquote>');
  });

  it('shows raw HTML as text instead of dropping it', () => {
    expect(renderMarkdown('a <b>bold</b> claim')).toBe('<p>a &lt;b&gt;bold&lt;/b&gt; claim</p>\n');
  });
});

describe('isSafeUrl', () => {
  it.each([
    'https://example.com',
    'http://example.com/a?b=c:d',
    'mailto:a@b.c',
    '/abs',
    'rel/path:x',
    '#frag',
    '?q=1:2',
  ])('accepts %j', (url) => expect(isSafeUrl(url)).toBe(true));

  it.each([
    'javascript:alert(1)',
    ' JAVASCRIPT:x',
    'java\nscript:x',
    'vbscript:x',
    'data:text/html,x',
    'file:///x',
    'tel:1',
  ])('refuses %j', (url) => expect(isSafeUrl(url)).toBe(false));
});

describe('wordCount', () => {
  it('counts the words of the text, not the Markdown syntax', () => {
    expect(wordCount('# Hello world\n\n- **one** item\n- [link text](https://example.com/long/url)')).toBe(6);
  });

  it('ignores punctuation-only tokens, fences and images', () => {
    expect(wordCount('Hello --- world !\n\n```\ncode here\n```\n\n![an image](/x.png)')).toBe(4);
  });

  it('does not split a word at inline emphasis', () => {
    expect(wordCount('un*believ*able and caf\u00e9s')).toBe(3);
  });

  it('is zero for empty content', () => {
    expect(wordCount('')).toBe(0);
    expect(wordCount('   \n\n# \n')).toBe(0);
  });
});
