// The upload worker: piscina loads this file in a worker thread. It is JavaScript so that it loads
// with or without a TypeScript loader in the parent (npm start registers tsx only on the main
// thread; vitest's transform does not reach worker threads); it registers tsx for the parser.
import { register } from 'tsx/esm/api';

register();
const { parseUpload } = await import('./upload-parse.ts');

/** Task: { bytes: Uint8Array, opts: ParseOptions, port: MessagePort }. Rows and the outcome go to port. */
export default function readUpload({ bytes, opts, port }) {
  // The main thread closes the channel once it has the outcome (closing here could drop messages).
  return parseUpload(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), opts, port);
}
