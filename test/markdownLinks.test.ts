import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

/*
 * Every relative link in every committed markdown file points at something in the
 * repository: a file or folder that exists, and for `#anchor` links into a markdown file
 * (or the same file) a heading that exists. External links (http:, https:, mailto:) are
 * not checked: the documentation must hold together without the network.
 */

const ROOT = join(__dirname, '..');

const MARKDOWN_FILES = execFileSync('git', ['ls-files', '*.md'], { cwd: ROOT, encoding: 'utf8' })
  .split('\n')
  .filter((f) => f && existsSync(join(ROOT, f)));

/** The text outside fenced code blocks. */
function withoutFences(markdown: string): string {
  return markdown.replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, '');
}

/** Text outside fenced code blocks and inline code spans, where links are links. */
function prose(markdown: string): string {
  return withoutFences(markdown).replace(/`[^`\n]*`/g, '');
}

/** The targets of inline links `[text](target "title")` and definitions `[id]: target`. */
function linkTargets(markdown: string): string[] {
  const text = prose(markdown);
  const inline = [...text.matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)].map((m) => m[1]!);
  const definitions = [...text.matchAll(/^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)/gm)].map((m) => m[1]!);
  return [...inline, ...definitions];
}

/**
 * GitHub's anchor of a heading, kept simple: lower case, every character that is not a
 * letter, digit, space, `-` or `_` dropped, spaces turned into `-`; a repeated heading
 * gets `-1`, `-2`… in order. (Markup inside a heading, such as `**`, is dropped as
 * punctuation; link text is kept without its target.)
 */
function headingAnchors(markdown: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  for (const [, heading] of withoutFences(markdown).matchAll(/^#{1,6}\s+(.+?)\s*#*\s*$/gm)) {
    const slug = heading!
      .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\p{M} _-]/gu, '')
      .replace(/ /g, '-');
    const n = seen.get(slug) ?? 0;
    seen.set(slug, n + 1);
    anchors.add(n ? `${slug}-${n}` : slug);
  }
  return anchors;
}

/** What is wrong with one link of `file`, or undefined when it resolves. */
function brokenLink(file: string, target: string): string | undefined {
  if (/^[a-z][a-z0-9+.-]*:/i.test(target)) return undefined;
  const [pathPart = '', anchor] = target.split('#', 2);
  const path = decodeURIComponent(pathPart);
  const absolute = path === '' ? join(ROOT, file) : path.startsWith('/') ? join(ROOT, path) : resolve(ROOT, dirname(file), path);
  if (relative(ROOT, absolute).startsWith('..')) return 'points outside the repository';
  if (!existsSync(absolute)) return 'no such file';
  if (anchor && absolute.endsWith('.md') && !headingAnchors(readFileSync(absolute, 'utf8')).has(decodeURIComponent(anchor))) {
    return `no heading with anchor #${anchor}`;
  }
  return undefined;
}

it('finds the markdown files git holds', () => {
  expect(MARKDOWN_FILES).toContain('README.md');
});

it.each(MARKDOWN_FILES)('%s links only to files and headings that exist', (file) => {
  const broken = linkTargets(readFileSync(join(ROOT, file), 'utf8'))
    .map((target) => ({ target, problem: brokenLink(file, target) }))
    .filter((l) => l.problem);
  expect(broken).toEqual([]);
});

describe('headingAnchors', () => {
  it('follows GitHub: lower case, punctuation dropped, spaces to hyphens, repeats numbered', () => {
    const md = '# Modes, dates and secrets\n## `npm start`\n## Errors\n## Errors\n```\n# not a heading\n```\n## 入学 (SCHOOLING)\n';
    expect([...headingAnchors(md)]).toEqual(['modes-dates-and-secrets', 'npm-start', 'errors', 'errors-1', '入学-schooling']);
  });
});
