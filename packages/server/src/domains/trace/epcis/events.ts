/**
 * The platform's trace events: a plain, typed model of a lot's history (farm to market), kept
 * free of EPCIS vocabulary. `export.ts` turns these into GS1 EPCIS 2.0 JSON-LD.
 *
 * - commission: a lot is created at a place (a farm, base, cooperative) and gets its trace code.
 * - ship: the lot leaves `place`, from party `from` to party `to`.
 * - receive: the lot arrives at `place` (e.g. a wholesale market), from `from` to `to`.
 * - inspect: a rapid test, lab test or inspection of the lot, with its result.
 * - transform: lots are consumed (`inputLots`) and new lots made (`outputLots`): splitting a lot at
 *   a buyer, merging lots, or processing.
 */

export type TraceEventType = 'commission' | 'ship' | 'receive' | 'inspect' | 'transform';

/** UN/CEFACT Recommendation 20 unit codes, e.g. KGM (kilogram), TNE (tonne), H87 (piece). */
export type Quantity = { value: number; uom: string };

export type Product = {
  /** The platform's product code (catalogue code). */
  code: string;
  name: string;
  /**
   * The producer's GTIN (8, 12, 13 or 14 digits), when it has one. Lots of a product with a
   * GTIN are identified by GS1 Digital Link URIs (`/01/<gtin>/10/<trace id>`).
   */
  gtin?: string;
};

export type Place = {
  /** The entity id (for a farm, market, store) or a division code (village, town). */
  id: string;
  name: string;
  /** The 9-digit code of the town or street office (镇街) the place lies in, e.g. 500151101. */
  townCode: string;
  /** The place's GS1 Global Location Number (13 digits), when it has one. */
  gln?: string;
};

/** A lot taking part in a transformation. `product` defaults to the event's product. */
export type LotRef = { lotCode: string; quantity?: Quantity; product?: Product };

export type TraceEvent = {
  /** The platform's event id: stable, unique. */
  id: string;
  type: TraceEventType;
  /** When it happened. Exported in China time (+08:00). */
  at: Date;
  /**
   * The platform trace code of the lot this event belongs to (`<key id>.<id>.<signature>`, see
   * domains/certificates/trace-code.ts). For a transform, it is the lot whose history is being
   * told; when `inputLots` is absent, it is the single input.
   */
  lotCode: string;
  /** transform: the lots consumed. Defaults to `[{ lotCode, quantity }]`. */
  inputLots?: readonly LotRef[];
  /** transform: the lots made. Required for a transform. */
  outputLots?: readonly LotRef[];
  product: Product;
  quantity?: Quantity;
  /** Where the event happened. */
  place: Place;
  /** ship / receive: the entity id of the party handing the lot over. */
  from?: string;
  /** ship / receive: the entity id of the party taking the lot. */
  to?: string;
  /** inspect: the outcome, and the sample number when a sample was drawn. */
  inspection?: { result: 'pass' | 'fail'; sampleNo?: string };
  /** The certificate (合格证) number issued with the lot. */
  certificateNo?: string;
};
