import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { afterAll, describe, expect, it } from 'vitest';
import { loadKeyRing } from '../../certificates/keys.ts';
import { newTraceId, signLegacyTraceCode, signTraceCode } from '../../certificates/trace-code.ts';
import type { Place, Product, TraceEvent } from './events.ts';
import {
  chinaTime,
  type EpcisObjectEvent,
  type EpcisTransformationEvent,
  toEpcisDocument,
} from './export.ts';
import {
  digitalLink,
  gtinCheckDigit,
  isValidGtin,
  lotForDigitalLink,
  lotUri,
  normaliseBase,
  parseDigitalLink,
  toGtin14,
} from './identifiers.ts';

// The schema and the standard's examples are used in place, from the `shared/` folder that sits
// beside the repository (/work/shared next to /work/main; CI clones a copy beside it too).
const repoRoot = new URL('../../../../../../', import.meta.url); // epcis → trace → domains → src → server → packages → repo
const epcisDir = new URL('../shared/standards/epcis/', repoRoot);
const schemaFile = fileURLToPath(new URL('EPCIS-JSON-Schema.json', epcisDir));
if (!existsSync(schemaFile)) {
  throw new Error(
    `EPCIS 2.0 JSON schema not found at ${schemaFile}: the shared/ folder must sit beside the repository root (${fileURLToPath(repoRoot)})`,
  );
}
const readJson = (name: string): unknown =>
  JSON.parse(readFileSync(fileURLToPath(new URL(name, epcisDir)), 'utf8'));

const ajv = new Ajv({ strict: false, allErrors: true });
addFormats(ajv);
const validate = ajv.compile(readJson('EPCIS-JSON-Schema.json') as object);
const errorsOf = (doc: unknown) => (validate(doc) ? [] : (validate.errors ?? []));
const expectValid = (doc: unknown) => expect(errorsOf(doc), ajv.errorsText(validate.errors)).toEqual([]);

const keyDir = mkdtempSync(join(tmpdir(), 'nongan-epcis-keys-'));
afterAll(() => rmSync(keyDir, { recursive: true, force: true }));
const ring = loadKeyRing(keyDir);
const newCode = () => signTraceCode(ring, newTraceId());

const BASE = 'https://trace.tongliang.example/';
const at = (iso: string) => new Date(iso);

const farm: Place = { id: 'ent-farm-0001', name: '土桥镇六赢村蔬菜种植合作社', townCode: '500151101' };
const market: Place = { id: 'ent-market-0007', name: '巴川街道农贸市场', townCode: '500151001' };
const buyer: Place = { id: 'ent-buyer-0042', name: '安居镇配送中心', townCode: '500151105' };
const cabbage: Product = { code: 'VEG-0101', name: '大白菜' };

/** Commission at a farm, ship, receive at a market, inspect, split into two lots at a buyer. */
function farmToMarket(product: Product = cabbage) {
  const lot = newCode();
  const [a, b] = [newCode(), newCode()];
  const events: TraceEvent[] = [
    {
      id: 'ev-1',
      type: 'commission',
      at: at('2021-06-01T00:30:00Z'),
      lotCode: lot,
      product,
      quantity: { value: 500, uom: 'KGM' },
      place: farm,
      certificateNo: 'HGZ-2021-000123',
    },
    {
      id: 'ev-2',
      type: 'ship',
      at: at('2021-06-01T02:00:00Z'),
      lotCode: lot,
      product,
      quantity: { value: 500, uom: 'KGM' },
      place: farm,
      from: farm.id,
      to: buyer.id,
    },
    {
      id: 'ev-3',
      type: 'receive',
      at: at('2021-06-01T04:15:00Z'),
      lotCode: lot,
      product,
      quantity: { value: 500, uom: 'KGM' },
      place: market,
      from: farm.id,
      to: buyer.id,
      certificateNo: 'HGZ-2021-000123',
    },
    {
      id: 'ev-4',
      type: 'inspect',
      at: at('2021-06-01T05:00:00Z'),
      lotCode: lot,
      product,
      place: market,
      inspection: { result: 'pass', sampleNo: 'KJ-2021-0601-017' },
    },
    {
      id: 'ev-5',
      type: 'transform',
      at: at('2021-06-01T09:00:00Z'),
      lotCode: lot,
      product,
      place: buyer,
      inputLots: [{ lotCode: lot, quantity: { value: 500, uom: 'KGM' } }],
      outputLots: [
        { lotCode: a, quantity: { value: 300, uom: 'KGM' } },
        { lotCode: b, quantity: { value: 200, uom: 'KGM' } },
      ],
    },
  ];
  return { lot, outputs: [a, b] as const, events };
}

describe('EPCIS 2.0 JSON schema (ajv, draft-07)', () => {
  it.each([
    'Example_9.6.1-ObjectEvent.jsonld',
    'Example_9.6.1-ObjectEventWithDigitalLink.jsonld',
    'Example_9.6.4-TransformationEvent.jsonld',
  ])('accepts the standard example %s', (name) => {
    expectValid(readJson(name));
  });

  it('rejects broken documents', () => {
    const good = readJson('Example_9.6.1-ObjectEvent.jsonld') as { epcisBody: { eventList: object[] } };
    const withEvent = (patch: object) => ({
      ...good,
      epcisBody: { eventList: [{ ...good.epcisBody.eventList[0], ...patch }] },
    });
    expect(errorsOf(withEvent({ action: 'ADDED' })).length).toBeGreaterThan(0);
    expect(errorsOf(withEvent({ action: 'observe' })).length).toBeGreaterThan(0);
    // EPCIS 2.0 JSON wants the bare CBV words; the 1.x URN forms are refused.
    expect(errorsOf(withEvent({ bizStep: 'urn:epcglobal:cbv:bizstep:shipping' })).length).toBeGreaterThan(0);
    expect(errorsOf(withEvent({ eventTimeZoneOffset: '+8:00' })).length).toBeGreaterThan(0);
    expect(errorsOf(withEvent({ eventTime: '2021-06-01 08:30' })).length).toBeGreaterThan(0);
    expect(
      errorsOf(withEvent({ quantityList: [{ epcClass: 'x:y', uom: 'kilogram' }] })).length,
    ).toBeGreaterThan(0);
    expect(errorsOf(withEvent({ notAUri: 1 })).length).toBeGreaterThan(0);
    const { creationDate: _, ...noDate } = good as Record<string, unknown>;
    expect(errorsOf(noDate).length).toBeGreaterThan(0);
  });
});

describe('toEpcisDocument', () => {
  it('exports a farm-to-market history that validates against the schema', () => {
    const { lot, outputs, events } = farmToMarket();
    const doc = toEpcisDocument(events, {
      base: BASE,
      creationDate: at('2021-06-02T00:00:00Z'),
      sender: '铜梁区农产品质量安全监管平台',
    });
    expectValid(doc);

    expect(doc['@context']).toEqual([
      'https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld',
      { nongan: 'https://trace.tongliang.example/voc/' },
    ]);
    expect(doc).toMatchObject({
      type: 'EPCISDocument',
      schemaVersion: '2.0',
      creationDate: '2021-06-02T08:00:00.000+08:00',
    });
    const list = doc.epcisBody.eventList;
    expect(list.map((e) => [e.type, 'action' in e ? e.action : null, e.bizStep, e.disposition])).toEqual([
      ['ObjectEvent', 'ADD', 'commissioning', 'active'],
      ['ObjectEvent', 'OBSERVE', 'shipping', 'in_transit'],
      ['ObjectEvent', 'OBSERVE', 'receiving', 'in_progress'],
      ['ObjectEvent', 'OBSERVE', 'inspecting', 'conformant'],
      ['TransformationEvent', null, 'commissioning', 'active'],
    ]);

    const lotId = `https://trace.tongliang.example/lot/${lot}`;
    const [commission, ship, receive, inspect] = list as [
      EpcisObjectEvent,
      EpcisObjectEvent,
      EpcisObjectEvent,
      EpcisObjectEvent,
    ];
    expect(commission).toMatchObject({
      eventID: 'https://trace.tongliang.example/event/ev-1',
      eventTime: '2021-06-01T08:30:00.000+08:00',
      eventTimeZoneOffset: '+08:00',
      quantityList: [{ epcClass: lotId, quantity: 500, uom: 'KGM' }],
      readPoint: { id: 'https://trace.tongliang.example/place/ent-farm-0001' },
      bizLocation: { id: 'https://trace.tongliang.example/place/ent-farm-0001' },
      certificationInfo: 'https://trace.tongliang.example/certificate/HGZ-2021-000123',
      ilmd: { 'nongan:productCode': 'VEG-0101', 'nongan:productName': '大白菜' },
    });
    expect(ship.bizLocation).toBeUndefined();
    expect(ship.sourceList).toEqual([
      { type: 'owning_party', source: 'https://trace.tongliang.example/entity/ent-farm-0001' },
    ]);
    expect(ship.destinationList).toEqual([
      { type: 'owning_party', destination: 'https://trace.tongliang.example/entity/ent-buyer-0042' },
    ]);
    expect(receive.bizLocation).toEqual({ id: 'https://trace.tongliang.example/place/ent-market-0007' });
    expect(inspect.quantityList).toEqual([{ epcClass: lotId }]);
    expect(inspect.bizTransactionList).toEqual([
      { type: 'testres', bizTransaction: 'https://trace.tongliang.example/sample/KJ-2021-0601-017' },
    ]);
    const transform = list[4] as EpcisTransformationEvent;
    expect(transform.inputQuantityList).toEqual([{ epcClass: lotId, quantity: 500, uom: 'KGM' }]);
    expect(transform.outputQuantityList).toEqual([
      { epcClass: `https://trace.tongliang.example/lot/${outputs[0]}`, quantity: 300, uom: 'KGM' },
      { epcClass: `https://trace.tongliang.example/lot/${outputs[1]}`, quantity: 200, uom: 'KGM' },
    ]);

    // Places are described once each in the header's master data, with their town.
    const locations = doc.epcisHeader!.epcisMasterData.vocabularyList[0]!;
    expect(locations.type).toBe('urn:epcglobal:epcis:vtype:BusinessLocation');
    expect(locations.vocabularyElementList.map((v) => v.id)).toEqual([
      'https://trace.tongliang.example/place/ent-farm-0001',
      'https://trace.tongliang.example/place/ent-market-0007',
      'https://trace.tongliang.example/place/ent-buyer-0042',
    ]);
    expect(locations.vocabularyElementList[1]!.attributes).toEqual([
      { id: 'urn:epcglobal:cbv:mda#name', attribute: '巴川街道农贸市场' },
      { id: 'https://trace.tongliang.example/voc/townCode', attribute: '500151001' },
    ]);
  });

  it('uses GS1 Digital Link lot identifiers when the producer has a GTIN, and GLN locations', () => {
    const { lot, outputs, events } = farmToMarket({ ...cabbage, gtin: '9506000134352' });
    events[0] = { ...events[0]!, place: { ...farm, gln: '9506000134352' } }; // GS1's example key doubles as a GLN
    const doc = toEpcisDocument(events, { base: BASE, creationDate: at('2021-06-02T00:00:00Z') });
    expectValid(doc);
    const commission = doc.epcisBody.eventList[0] as EpcisObjectEvent;
    const traceId = lot.slice(5, 25);
    expect(commission.quantityList[0]!.epcClass).toBe(`https://id.gs1.org/01/09506000134352/10/${traceId}`);
    expect(commission.readPoint).toEqual({ id: 'https://id.gs1.org/414/9506000134352' });
    const transform = doc.epcisBody.eventList[4] as EpcisTransformationEvent;
    expect(transform.outputQuantityList.map((q) => parseDigitalLink(q.epcClass)?.lot)).toEqual(
      outputs.map((c) => c.slice(5, 25)),
    );
  });

  it('keeps failures, defaults and the time order', () => {
    const { events } = farmToMarket();
    const failed: TraceEvent = { ...events[3]!, id: 'ev-6', inspection: { result: 'fail' } };
    const { inputLots: _, ...transform } = events[4]!;
    const doc = toEpcisDocument([events[4]!, failed, events[0]!, { ...transform, id: 'ev-7' }], {
      base: BASE,
      creationDate: at('2021-06-02T00:00:00Z'),
    });
    expectValid(doc);
    expect(doc.epcisBody.eventList.map((e) => e.eventID.split('/').at(-1))).toEqual([
      'ev-1',
      'ev-6',
      'ev-5',
      'ev-7',
    ]);
    const inspect = doc.epcisBody.eventList[1] as EpcisObjectEvent;
    expect(inspect.disposition).toBe('non_conformant');
    expect(inspect.bizTransactionList).toBeUndefined();
    // A transform without input lots consumes the event's own lot.
    const t = doc.epcisBody.eventList[3] as EpcisTransformationEvent;
    expect(t.inputQuantityList).toEqual([{ epcClass: lotUri(BASE, events[4]!.lotCode) }]);
  });

  it('produces a document the schema rejects once tampered with', () => {
    const doc = toEpcisDocument(farmToMarket().events, { base: BASE, creationDate: new Date() });
    expectValid(doc);
    const bad = structuredClone(doc) as unknown as { epcisBody: { eventList: Record<string, unknown>[] } };
    bad.epcisBody.eventList[0]!.action = 'CREATE';
    expect(errorsOf(bad).some((e) => e.instancePath === '/epcisBody/eventList/0/action')).toBe(true);
    const noOffset = structuredClone(doc) as unknown as {
      epcisBody: { eventList: Record<string, unknown>[] };
    };
    delete noOffset.epcisBody.eventList[2]!.eventTimeZoneOffset;
    expect(errorsOf(noOffset).length).toBeGreaterThan(0);
  });

  it('refuses events it cannot express', () => {
    const { events } = farmToMarket();
    const opts = { base: BASE, creationDate: new Date() };
    const { inspection: _i, ...noResult } = events[3]!;
    expect(() => toEpcisDocument([noResult], opts)).toThrow(/no inspection result/);
    const { outputLots: _o, ...noOutputs } = events[4]!;
    expect(() => toEpcisDocument([noOutputs], opts)).toThrow(/no output lots/);
    expect(() => toEpcisDocument([{ ...events[0]!, quantity: { value: 1, uom: 'kg' } }], opts)).toThrow(
      /unit/,
    );
    expect(() =>
      toEpcisDocument([{ ...events[0]!, quantity: { value: Number.NaN, uom: 'KGM' } }], opts),
    ).toThrow(/quantity/);
    expect(() => toEpcisDocument([events[0]!, events[0]!], opts)).toThrow(/duplicate/);
    expect(() => toEpcisDocument([{ ...events[0]!, at: new Date('nope') }], opts)).toThrow(/invalid date/);
    expect(() => toEpcisDocument(events, { ...opts, base: 'ftp://x' })).toThrow(/http/);
    expect(() =>
      toEpcisDocument([{ ...events[0]!, product: { ...cabbage, gtin: '9506000134353' } }], opts),
    ).toThrow(/invalid GTIN/);
  });

  it('writes instants in China time', () => {
    expect(chinaTime(at('2021-12-31T16:00:00Z'))).toBe('2022-01-01T00:00:00.000+08:00');
    expect(chinaTime(at('2021-06-01T08:30:00+08:00'))).toBe('2021-06-01T08:30:00.000+08:00');
  });
});

describe('GTIN check digits', () => {
  const published = [
    '4006381333931', // EAN-13
    '9780201379624', // ISBN-13 as GTIN-13
    '0614141123452', // GS1 US example company prefix 0614141
    '09506000134352', // GS1's Digital Link example GTIN-14
    '036000291452', // UPC-A (GTIN-12)
    '96385074', // EAN-8
  ];

  it.each(published)('accepts %s and computes its check digit', (gtin) => {
    expect(isValidGtin(gtin)).toBe(true);
    expect(gtinCheckDigit(gtin.slice(0, -1))).toBe(Number(gtin.at(-1)));
    expect(toGtin14(gtin)).toHaveLength(14);
  });

  it.each(published)('rejects every single-digit mutation of %s', (gtin) => {
    for (let i = 0; i < gtin.length; i++) {
      for (let d = 0; d <= 9; d++) {
        if (String(d) === gtin[i]) continue;
        const mutated = `${gtin.slice(0, i)}${d}${gtin.slice(i + 1)}`;
        expect(isValidGtin(mutated), mutated).toBe(false);
      }
    }
  });

  it('rejects wrong lengths and non-digits', () => {
    for (const bad of [
      '',
      '1234567',
      '123456789',
      '40063813339',
      '400638133393A',
      '4006381333931 ',
      '040063813339310',
    ])
      expect(isValidGtin(bad), bad).toBe(false);
    expect(() => gtinCheckDigit('12a')).toThrow();
    expect(() => toGtin14('4006381333932')).toThrow(/invalid GTIN/);
    expect(toGtin14('4006381333931')).toBe('04006381333931');
  });
});

describe('GS1 Digital Link', () => {
  it('round-trips a trace code through its 20-char trace id (AI 10 max 20 chars)', () => {
    const id = newTraceId();
    // The compact form printed now, and the legacy form of labels printed before.
    for (const code of [signTraceCode(ring, id), signLegacyTraceCode(ring, id)]) {
      expect(code.length).toBeGreaterThan(20);
      expect(lotForDigitalLink(code)).toBe(id);
      const uri = digitalLink('4006381333931', code);
      expect(uri).toBe(`https://id.gs1.org/01/04006381333931/10/${id}`);
      expect(parseDigitalLink(uri)).toEqual({ base: 'https://id.gs1.org', gtin: '04006381333931', lot: id });
    }
  });

  it('uses a custom resolver and encodes lot characters', () => {
    const uri = digitalLink('96385074', 'AB/12%', 'https://dl.tongliang.example/p/');
    expect(uri).toBe('https://dl.tongliang.example/p/01/00000096385074/10/AB%2F12%25');
    expect(parseDigitalLink(uri)).toEqual({
      base: 'https://dl.tongliang.example/p',
      gtin: '00000096385074',
      lot: 'AB/12%',
    });
  });

  it('parses the standard example and refuses non-links', () => {
    expect(parseDigitalLink('https://id.gs1.org/01/70614141123451/21/2017')).toEqual({
      base: 'https://id.gs1.org',
      gtin: '70614141123451',
      serial: '2017',
    });
    expect(parseDigitalLink('https://id.gs1.org/01/70614141123452/21/2017')).toBeNull(); // check digit
    expect(parseDigitalLink('https://id.gs1.org/414/9506000134352')).toBeNull();
    expect(parseDigitalLink('urn:epc:id:sgtin:0614141.107346.2017')).toBeNull();
    expect(parseDigitalLink('not a uri')).toBeNull();
    expect(parseDigitalLink(`https://id.gs1.org/01/04006381333931/10/${'A'.repeat(21)}`)).toBeNull();
  });

  it('refuses lots that do not fit AI 10', () => {
    expect(() => digitalLink('4006381333931', 'X'.repeat(21))).toThrow(/AI \(10\)/);
    expect(() => digitalLink('4006381333931', '批次一')).toThrow(/AI \(10\)/);
    expect(() => digitalLink('4006381333932', 'L1')).toThrow(/invalid GTIN/);
  });

  it('normalises the platform base', () => {
    expect(normaliseBase('https://trace.tongliang.example/')).toBe('https://trace.tongliang.example');
    expect(normaliseBase('https://x.example/a/b//')).toBe('https://x.example/a/b');
    expect(() => normaliseBase('trace.example')).toThrow(/absolute/);
    expect(() => normaliseBase('https://x.example/?q=1')).toThrow(/query/);
  });
});
