// Characters XML 1.0 cannot hold: C0 controls other than tab, line feed and carriage return,
// U+FFFE, U+FFFF and surrogates without their pair. One of them in a DOCX part makes the file
// one Word refuses to open; they print as nothing anyway. Content is cleaned of them when it
// loads (content/sanitize.ts); the DOCX writer drops any that templates, catalogues or themes add
// from every part it writes (write/docx/pack.ts).
export const XML_FORBIDDEN = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** The text without the characters XML 1.0 forbids, and those characters' code points. */
export function withoutForbidden(text: string): { text: string; removed: number[] } {
  const removed: number[] = [];
  const clean = text.replace(XML_FORBIDDEN, (ch) => {
    removed.push(ch.charCodeAt(0));
    return '';
  });
  return { text: clean, removed };
}

export const codePointName = (cp: number): string => `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;
