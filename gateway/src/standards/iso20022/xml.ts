/**
 * A small XML writer for the ISO 20022 messages: an element tree of plain
 * objects, rendered with the five XML escapes and two-space indentation.
 * Elements whose content is undefined are left out, so a builder can write
 * optional ISO elements inline.
 */

/** An element: its name, attributes and either text or child elements. */
export interface XmlElement {
  name: string;
  attributes?: Record<string, string>;
  text?: string;
  children?: XmlElement[];
}

/** Element `name` with children (undefined children left out) or text; undefined content leaves the element out. */
export function el(
  name: string,
  content: string | (XmlElement | undefined)[] | undefined,
  attributes?: Record<string, string>,
): XmlElement | undefined {
  if (content === undefined) return undefined;
  if (typeof content === 'string') return { name, text: content, attributes };
  const children = content.filter((child): child is XmlElement => child !== undefined);
  return children.length === 0 ? undefined : { name, children, attributes };
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}

function renderElement(element: XmlElement, depth: number): string {
  const indent = '  '.repeat(depth);
  const attributes = Object.entries(element.attributes ?? {})
    .map(([key, value]) => ` ${key}="${escapeXml(value)}"`)
    .join('');
  if (element.text !== undefined) return `${indent}<${element.name}${attributes}>${escapeXml(element.text)}</${element.name}>\n`;
  const children = (element.children ?? []).map((child) => renderElement(child, depth + 1)).join('');
  return `${indent}<${element.name}${attributes}>\n${children}${indent}</${element.name}>\n`;
}

/** An XML document with its declaration. */
export function renderXml(root: XmlElement): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n${renderElement(root, 0)}`;
}
