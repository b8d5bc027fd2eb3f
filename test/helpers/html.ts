/** Checks on the generated HTML reports: each plot's SVG by its title, counting matches, tags balanced. */

/** Each plot's SVG, by its <title>. */
export function plotSvgs(html: string): Map<string, string> {
  const svgs = new Map<string, string>();
  for (const match of html.matchAll(/<svg class="plot"[^>]*>(?:(?!<\/svg>)[\s\S])*<\/svg>/g)) {
    const title = /<title>([^<]*)<\/title>/.exec(match[0])?.[1];
    if (title !== undefined) svgs.set(title, match[0]);
  }
  return svgs;
}

export function count(text: string, pattern: RegExp): number {
  return [...text.matchAll(pattern)].length;
}

/** Tags balance (every element opened is closed in order); HTML void elements and self-closing tags excepted. */
export function unbalancedTag(html: string): string | null {
  const stack: string[] = [];
  const body = html.replace(/^<!DOCTYPE html>/, '').replace(/<style>[\s\S]*?<\/style>/, '');
  for (const match of body.matchAll(/<(\/?)([a-zA-Z][\w-]*)[^>]*?(\/?)>/g)) {
    const [, closing, name, selfClosing] = match as unknown as [string, string, string, string];
    if (selfClosing === '/' || name === 'meta') continue;
    if (closing === '') stack.push(name);
    else if (stack.pop() !== name) return `</${name}> at ${match.index}`;
  }
  return stack.length === 0 ? null : `unclosed <${stack.join('><')}>`;
}

/** The file references nothing outside itself and runs no script. */
export function selfContainedProblem(html: string): string | null {
  if (/(src|href)\s*=\s*["']?\s*(https?:|\/\/|file:|data:)/i.test(html)) return 'an external src or href';
  if (/<(script|img|link|iframe|object|embed)\b/i.test(html)) return 'a script, image, link or embedded object';
  if (/@import|url\(\s*["']?(https?:|\/\/)/i.test(html)) return 'a CSS import or url()';
  // The only http: in the file is the SVG namespace name (an identifier, never fetched).
  if (/https?:/.test(html.replaceAll('xmlns="http://www.w3.org/2000/svg"', ''))) return 'an http address';
  return null;
}
