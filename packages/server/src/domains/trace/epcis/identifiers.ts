/**
 * Identifiers for EPCIS export. Pure functions.
 *
 * EPCIS 2.0 accepts any URI as an object, class, location or party identifier (the JSON schema
 * only asks for `format: uri`). Where the producer or place has a GS1 key we use the GS1 Digital
 * Link form (as in the standard's Example_9.6.1-ObjectEventWithDigitalLink.jsonld); otherwise we
 * use stable https URIs under the platform's base URL (we own no URN namespace, and the
 * `urn:epc:…` forms need a GS1 company prefix we do not have):
 *
 *   lot        https://<base>/lot/<trace code>
 *   place      https://<base>/place/<entity id or division code>
 *   party      https://<base>/entity/<entity id>
 *   event      https://<base>/event/<event id>
 *   certificate https://<base>/certificate/<certificate no>
 *   sample     https://<base>/sample/<sample no>
 *   vocabulary https://<base>/voc/<term>      (extension fields, prefix `nongan:`)
 */

/** Normalises a platform base URL: http(s), no query or fragment, no trailing slash. */
export function normaliseBase(base: string): string {
  let url: URL;
  try {
    url = new URL(base);
  } catch {
    throw new Error(`EPCIS base must be an absolute URL, got "${base}"`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new Error(`EPCIS base must be http(s), got "${base}"`);
  }
  if (url.search || url.hash) throw new Error(`EPCIS base must not have a query or fragment: "${base}"`);
  return url.href.replace(/\/+$/, '');
}

const seg = (s: string) => {
  if (!s) throw new Error('identifier part must not be empty');
  return encodeURIComponent(s);
};

export const lotUri = (base: string, lotCode: string) => `${normaliseBase(base)}/lot/${seg(lotCode.trim())}`;
export const placeUri = (base: string, id: string) => `${normaliseBase(base)}/place/${seg(id)}`;
export const partyUri = (base: string, entityId: string) => `${normaliseBase(base)}/entity/${seg(entityId)}`;
export const eventUri = (base: string, eventId: string) => `${normaliseBase(base)}/event/${seg(eventId)}`;
export const certificateUri = (base: string, no: string) => `${normaliseBase(base)}/certificate/${seg(no)}`;
export const sampleUri = (base: string, no: string) => `${normaliseBase(base)}/sample/${seg(no)}`;
export const vocabularyNamespace = (base: string) => `${normaliseBase(base)}/voc/`;

// ---------------------------------------------------------------------------------------------
// GTIN / GLN check digits (GS1 General Specifications 7.9.1: mod-10, weights 3,1,3,… from the
// right, starting next to the check digit).

/** The check digit for a GS1 key body (the digits before the check digit: 7, 11, 12, 13, …). */
export function gtinCheckDigit(body: string): number {
  if (!/^\d{1,17}$/.test(body)) throw new Error(`not a GS1 key body: "${body}"`);
  let sum = 0;
  for (let i = 0; i < body.length; i++) {
    const digit = body.charCodeAt(body.length - 1 - i) - 48;
    sum += i % 2 === 0 ? digit * 3 : digit;
  }
  return (10 - (sum % 10)) % 10;
}

const hasGoodCheckDigit = (key: string) => gtinCheckDigit(key.slice(0, -1)) === Number(key.at(-1));

/** GTIN-8, GTIN-12 (UPC-A), GTIN-13 (EAN, ISBN-13) or GTIN-14, with a correct check digit. */
export function isValidGtin(gtin: string): boolean {
  return /^(\d{8}|\d{12}|\d{13}|\d{14})$/.test(gtin) && hasGoodCheckDigit(gtin);
}

/** A valid GTIN as the 14 digits GS1 Digital Link and EPCIS use (left-padded with zeros). */
export function toGtin14(gtin: string): string {
  if (!isValidGtin(gtin)) throw new Error(`invalid GTIN "${gtin}"`);
  return gtin.padStart(14, '0');
}

/** A 13-digit Global Location Number with a correct check digit. */
export function isValidGln(gln: string): boolean {
  return /^\d{13}$/.test(gln) && hasGoodCheckDigit(gln);
}

// ---------------------------------------------------------------------------------------------
// GS1 Digital Link

export const GS1_RESOLVER = 'https://id.gs1.org';

/**
 * A platform trace code (see certificates/trace-code.ts): compact `<key:5><id:20><tag:12>` (37
 * base32 characters), or legacy `<key id>.<20-char id>.<signature>`. Group 1 or 2 is the id.
 */
const TRACE_CODE =
  /^(?:[0-9A-HJKMNP-TV-Z]{5}([0-9A-HJKMNP-TV-Z]{20})[0-9A-HJKMNP-TV-Z]{12}|k[0-9a-z]{6}\.([0-9A-HJKMNP-TV-Z]{20})\.[A-Za-z0-9_-]+)$/;
/** GS1 AI (10) batch/lot: 1 to 20 characters of the GS1 AI encodable character set 82. */
const AI10 = /^[!"%&'()*+,\-./0-9:;<=>?A-Z_a-z]{1,20}$/;

/**
 * The AI (10) batch/lot value for a lot. AI 10 allows at most 20 characters, and a full trace
 * code (37 characters, or a legacy one of 115) is longer, so a trace code is reduced to its 20-char
 * random id (Crockford base32, 100 bits). The id alone still identifies the lot uniquely; it does
 * not carry the signature, so a Digital Link cannot be checked offline the way a trace code can,
 * and the platform looks the lot up by id. Anything else must already be a valid AI 10 value.
 */
export function lotForDigitalLink(lotCode: string): string {
  const code = lotCode.trim();
  const m = code.match(TRACE_CODE);
  if (m) return (m[1] ?? m[2])!;
  if (AI10.test(code)) return code;
  throw new Error(`lot "${lotCode}" is neither a trace code nor a valid GS1 AI (10) value (max 20 chars)`);
}

/**
 * The GS1 Digital Link URI of a lot of a trade item: `<base>/01/<gtin-14>/10/<lot>`. In EPCIS this
 * is the class-level (LGTIN) identifier of the lot. `lot` may be a full trace code (its 20-char id
 * is used, see `lotForDigitalLink`) or an AI 10 value.
 */
export function digitalLink(gtin: string, lot: string, base = GS1_RESOLVER): string {
  return `${normaliseBase(base)}/01/${toGtin14(gtin)}/10/${encodeURIComponent(lotForDigitalLink(lot))}`;
}

export type DigitalLinkParts = {
  /** Everything before `/01/`: the resolver, with any path prefix. */
  base: string;
  /** Normalised to 14 digits. */
  gtin: string;
  lot?: string;
  serial?: string;
};

/**
 * Parses a GS1 Digital Link URI with a GTIN primary key and optional lot (10) and serial (21)
 * qualifiers, in that order. Query and fragment are ignored. Returns null for anything else, or
 * when the GTIN check digit is wrong.
 */
export function parseDigitalLink(uri: string): DigitalLinkParts | null {
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    return null;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
  const m = url.pathname.match(/^(.*?)\/01\/(\d{8}|\d{12,14})(?:\/10\/([^/]+))?(?:\/21\/([^/]+))?\/?$/);
  if (!m) return null;
  const [, prefix, gtin, lot, serial] = m;
  if (!isValidGtin(gtin!)) return null;
  let parts: DigitalLinkParts;
  try {
    parts = { base: `${url.origin}${prefix}`, gtin: gtin!.padStart(14, '0') };
    if (lot !== undefined) parts.lot = decodeURIComponent(lot);
    if (serial !== undefined) parts.serial = decodeURIComponent(serial);
  } catch {
    return null; // malformed percent-encoding
  }
  if (parts.lot !== undefined && !AI10.test(parts.lot)) return null;
  return parts;
}

/** The GS1 Digital Link URI of a location (AI 414, a GLN). */
export function glnLocationLink(gln: string, base = GS1_RESOLVER): string {
  if (!isValidGln(gln)) throw new Error(`invalid GLN "${gln}"`);
  return `${normaliseBase(base)}/414/${gln}`;
}
