/**
 * Escaping of text put into the report's HTML and SVG: element content and
 * attribute values alike (both quote kinds are escaped, so either quoting is
 * safe). Every string that comes from a record goes through here.
 */
const ENTITIES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export function escapeXml(text: string | number): string {
  // Characters XML forbids (C0 controls but tab, newline, carriage return) become U+FFFD.
  return String(text)
    .replace(/[&<>"']/g, (c) => ENTITIES[c] ?? c)
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '\uFFFD');
}
