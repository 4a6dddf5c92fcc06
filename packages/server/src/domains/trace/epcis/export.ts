import type { LotRef, Place, Product, Quantity, TraceEvent } from './events.ts';
import {
  certificateUri,
  digitalLink,
  eventUri,
  glnLocationLink,
  lotUri,
  normaliseBase,
  partyUri,
  placeUri,
  sampleUri,
  vocabularyNamespace,
} from './identifiers.ts';

/**
 * A lot's trace history as a GS1 EPCIS 2.0 JSON-LD document (EPCIS 2.0 §9, CBV 2.0). Pure.
 *
 * Mapping (bizStep / disposition use the CBV 2.0 bare-word forms the JSON schema enumerates):
 *
 * | platform  | EPCIS event         | action  | bizStep       | disposition                 |
 * |-----------|---------------------|---------|---------------|-----------------------------|
 * | commission| ObjectEvent         | ADD     | commissioning | active                      |
 * | ship      | ObjectEvent         | OBSERVE | shipping      | in_transit                  |
 * | receive   | ObjectEvent         | OBSERVE | receiving     | in_progress                 |
 * | inspect   | ObjectEvent         | OBSERVE | inspecting    | conformant / non_conformant |
 * | transform | TransformationEvent | —       | commissioning | active                      |
 *
 * - A lot is a class-level object (a batch of produce weighed in kg, not serialised items), so it
 *   goes in `quantityList` / `inputQuantityList` / `outputQuantityList` as `epcClass` (the lot URI,
 *   or the GS1 Digital Link LGTIN `…/01/<gtin>/10/<trace id>` when the product has a GTIN), with
 *   `quantity` and `uom` when known. `epcList` (instance-level, serialised items) is not used.
 * - `readPoint` and `bizLocation` are the place (its GLN Digital Link `…/414/<gln>` if it has one);
 *   a shipping event has no `bizLocation`, as CBV advises (the goods are in transit).
 * - ship / receive: `sourceList` / `destinationList` of type `owning_party` with the parties.
 * - inspect: the sample, when there is one, is a `testres` (test result) business transaction.
 * - The certificate (合格证) number, when given, is the event's `certificationInfo` URI.
 * - commission / transform: the product code and name go into `ilmd` (lot master data for the
 *   lots created); places are described (name, town code) in the header's master data.
 * - `eventID` is the platform's stable event URI (`<base>/event/<id>`), not the
 *   `ni:///sha-256;…` event hash (which needs the full CBV canonicalisation algorithm).
 * - `eventTime` is written in China time with `eventTimeZoneOffset` "+08:00".
 */

export const EPCIS_CONTEXT = 'https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld';
export const CHINA_OFFSET = '+08:00';
const LOCATION_VTYPE = 'urn:epcglobal:epcis:vtype:BusinessLocation';
const MDA_NAME = 'urn:epcglobal:cbv:mda#name';
/** The JSON-LD prefix for the platform's own extension terms. */
const NS = 'nongan';

export type EpcisQuantityElement = { epcClass: string; quantity?: number; uom?: string };
type Common = {
  eventID: string;
  eventTime: string;
  eventTimeZoneOffset: string;
  certificationInfo?: string;
  bizStep: string;
  disposition: string;
  readPoint: { id: string };
  bizLocation?: { id: string };
  ilmd?: Record<string, string>;
};
export type EpcisObjectEvent = Common & {
  type: 'ObjectEvent';
  action: 'ADD' | 'OBSERVE' | 'DELETE';
  quantityList: EpcisQuantityElement[];
  sourceList?: { type: 'owning_party'; source: string }[];
  destinationList?: { type: 'owning_party'; destination: string }[];
  bizTransactionList?: { type: string; bizTransaction: string }[];
};
export type EpcisTransformationEvent = Common & {
  type: 'TransformationEvent';
  inputQuantityList: EpcisQuantityElement[];
  outputQuantityList: EpcisQuantityElement[];
};
export type EpcisEvent = EpcisObjectEvent | EpcisTransformationEvent;
export type EpcisDocument = {
  '@context': [string, Record<string, string>];
  type: 'EPCISDocument';
  schemaVersion: '2.0';
  creationDate: string;
  sender?: string;
  epcisHeader?: {
    epcisMasterData: {
      vocabularyList: {
        type: string;
        vocabularyElementList: { id: string; attributes: { id: string; attribute: string }[] }[];
      }[];
    };
  };
  epcisBody: { eventList: EpcisEvent[] };
};

export type ExportOptions = {
  /** The platform's public base URL, under which lot, place, party and event URIs are minted. */
  base: string;
  creationDate: Date;
  /** Free text naming the sender (e.g. the district centre). */
  sender?: string;
};

/** An instant written in China time: `2021-06-01T08:30:00.000+08:00`. */
export function chinaTime(at: Date): string {
  const ms = at.getTime();
  if (Number.isNaN(ms)) throw new RangeError('invalid date');
  return new Date(ms + 8 * 3_600_000).toISOString().replace('Z', CHINA_OFFSET);
}

export function toEpcisDocument(events: readonly TraceEvent[], options: ExportOptions): EpcisDocument {
  const base = normaliseBase(options.base);
  const seen = new Set<string>();
  for (const e of events) {
    if (seen.has(e.id)) throw new Error(`duplicate trace event id "${e.id}"`);
    seen.add(e.id);
  }
  const ordered = [...events].sort((a, b) => a.at.getTime() - b.at.getTime()); // stable
  const eventList = ordered.map((e) => toEpcisEvent(e, base));

  const places = new Map<string, Place>();
  for (const e of ordered) places.set(locationId(base, e.place), e.place);
  const header: Pick<EpcisDocument, 'epcisHeader'> =
    places.size === 0
      ? {}
      : {
          epcisHeader: {
            epcisMasterData: {
              vocabularyList: [
                {
                  type: LOCATION_VTYPE,
                  vocabularyElementList: [...places].map(([id, p]) => ({
                    id,
                    attributes: [
                      { id: MDA_NAME, attribute: p.name },
                      { id: `${vocabularyNamespace(base)}townCode`, attribute: p.townCode },
                    ],
                  })),
                },
              ],
            },
          },
        };
  const doc: EpcisDocument = {
    '@context': [EPCIS_CONTEXT, { [NS]: vocabularyNamespace(base) }],
    type: 'EPCISDocument',
    schemaVersion: '2.0',
    creationDate: chinaTime(options.creationDate),
    ...(options.sender ? { sender: options.sender } : {}),
    ...header,
    epcisBody: { eventList },
  };
  return doc;
}

export function toEpcisEvent(e: TraceEvent, base: string): EpcisEvent {
  const where = { id: locationId(base, e.place) };
  const common = {
    eventID: eventUri(base, e.id),
    eventTime: chinaTime(e.at),
    eventTimeZoneOffset: CHINA_OFFSET,
    ...(e.certificateNo ? { certificationInfo: certificateUri(base, e.certificateNo) } : {}),
  };
  const lot = [quantityElement(base, { lotCode: e.lotCode, quantity: e.quantity }, e.product)];
  const parties = {
    ...(e.from ? { sourceList: [{ type: 'owning_party' as const, source: partyUri(base, e.from) }] } : {}),
    ...(e.to
      ? { destinationList: [{ type: 'owning_party' as const, destination: partyUri(base, e.to) }] }
      : {}),
  };
  switch (e.type) {
    case 'commission':
      return {
        type: 'ObjectEvent',
        ...common,
        action: 'ADD',
        quantityList: lot,
        bizStep: 'commissioning',
        disposition: 'active',
        readPoint: where,
        bizLocation: where,
        ilmd: productIlmd(e.product),
      };
    case 'ship':
      return {
        type: 'ObjectEvent',
        ...common,
        action: 'OBSERVE',
        quantityList: lot,
        bizStep: 'shipping',
        disposition: 'in_transit',
        readPoint: where,
        ...parties,
      };
    case 'receive':
      return {
        type: 'ObjectEvent',
        ...common,
        action: 'OBSERVE',
        quantityList: lot,
        bizStep: 'receiving',
        disposition: 'in_progress',
        readPoint: where,
        bizLocation: where,
        ...parties,
      };
    case 'inspect': {
      if (!e.inspection) throw new Error(`inspect event "${e.id}" has no inspection result`);
      const { result, sampleNo } = e.inspection;
      return {
        type: 'ObjectEvent',
        ...common,
        action: 'OBSERVE',
        quantityList: lot,
        bizStep: 'inspecting',
        disposition: result === 'pass' ? 'conformant' : 'non_conformant',
        readPoint: where,
        bizLocation: where,
        ...(sampleNo
          ? { bizTransactionList: [{ type: 'testres', bizTransaction: sampleUri(base, sampleNo) }] }
          : {}),
      };
    }
    case 'transform': {
      const inputs = e.inputLots ?? [{ lotCode: e.lotCode, quantity: e.quantity }];
      const outputs = e.outputLots ?? [];
      if (inputs.length === 0) throw new Error(`transform event "${e.id}" has no input lots`);
      if (outputs.length === 0) throw new Error(`transform event "${e.id}" has no output lots`);
      return {
        type: 'TransformationEvent',
        ...common,
        inputQuantityList: inputs.map((l) => quantityElement(base, l, e.product)),
        outputQuantityList: outputs.map((l) => quantityElement(base, l, e.product)),
        bizStep: 'commissioning',
        disposition: 'active',
        readPoint: where,
        bizLocation: where,
        ilmd: productIlmd(e.product),
      };
    }
    default: {
      const never: never = e.type;
      throw new Error(`unknown trace event type "${String(never)}"`);
    }
  }
}

/** The class-level identifier of a lot: its GS1 Digital Link if the product has a GTIN. */
export function lotClassId(base: string, lotCode: string, product: Product): string {
  return product.gtin ? digitalLink(product.gtin, lotCode) : lotUri(base, lotCode);
}

function locationId(base: string, place: Place): string {
  return place.gln ? glnLocationLink(place.gln) : placeUri(base, place.id);
}

function quantityElement(base: string, lot: LotRef, fallback: Product): EpcisQuantityElement {
  const epcClass = lotClassId(base, lot.lotCode, lot.product ?? fallback);
  return lot.quantity ? { epcClass, ...checkedQuantity(lot.quantity) } : { epcClass };
}

function checkedQuantity(q: Quantity): { quantity: number; uom: string } {
  if (!Number.isFinite(q.value) || q.value < 0) throw new Error(`invalid quantity ${q.value}`);
  if (!/^[A-Z0-9]{2,3}$/.test(q.uom)) throw new Error(`invalid UN/CEFACT unit code "${q.uom}"`);
  return { quantity: q.value, uom: q.uom };
}

function productIlmd(p: Product): Record<string, string> {
  return { [`${NS}:productCode`]: p.code, [`${NS}:productName`]: p.name };
}
