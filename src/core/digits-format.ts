/**
 * The packed digits asset (public/digits.bin), little-endian:
 *   u32 magic 'SDIG', u32 version, u32 count, u32 pixels-per-image,
 *   u8 labels[count], u8 pixels[count × pixels] (0–255, row-major 28×28).
 * Samples are pre-shuffled; splits are fixed index ranges (see TASKS.digits).
 * public/digits-preview.bin is the same format holding only the first
 * DIGITS_PREVIEW_COUNT samples (training digits): what the page shows before
 * a run, so the preview costs ~19 KB instead of the whole 7.8 MB asset.
 */
export const DIGITS_MAGIC = 0x47494453; // 'SDIG' read as little-endian u32
export const DIGITS_VERSION = 1;
export const DIGITS_HEADER_BYTES = 16;
export const PIXELS = 28 * 28;
/** The preview asset's file name, beside digits.bin. */
export const DIGITS_PREVIEW_ASSET = 'digits-preview.bin';
/** Digits in the preview asset: the first training digits, shown before a digits run. */
export const DIGITS_PREVIEW_COUNT = 24;

/** Bytes of an asset holding `count` digits. */
export function digitsAssetBytes(count: number): number {
  return DIGITS_HEADER_BYTES + count + count * PIXELS;
}

/** Decoded digits: labels and raw pixels. */
export interface DigitsData {
  count: number;
  labels: Uint8Array;
  pixels: Uint8Array;
}

/** Parses the asset, refusing anything that is not it. */
export function decodeDigits(bytes: ArrayBuffer): DigitsData {
  if (bytes.byteLength < DIGITS_HEADER_BYTES) throw new Error(`digits asset is ${bytes.byteLength} bytes: too short`);
  const view = new DataView(bytes);
  if (view.getUint32(0, true) !== DIGITS_MAGIC)
    throw new Error('digits asset has the wrong magic number (is it public/digits.bin?)');
  if (view.getUint32(4, true) !== DIGITS_VERSION)
    throw new Error(`digits asset version ${view.getUint32(4, true)}, expected ${DIGITS_VERSION}`);
  const count = view.getUint32(8, true);
  const pixels = view.getUint32(12, true);
  if (pixels !== PIXELS) throw new Error(`digits asset has ${pixels} pixels per image, expected ${PIXELS}`);
  const need = digitsAssetBytes(count);
  if (bytes.byteLength !== need) throw new Error(`digits asset is ${bytes.byteLength} bytes, expected ${need}`);
  return {
    count,
    labels: new Uint8Array(bytes, DIGITS_HEADER_BYTES, count),
    pixels: new Uint8Array(bytes, DIGITS_HEADER_BYTES + count, count * PIXELS),
  };
}
