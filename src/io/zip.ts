/** Zip archives (XLSX, DOCX) made byte-stable: every entry time set to 1980-01-01, the earliest DOS time. */

/**
 * Sets every entry's modification time in a zip file to 1980-01-01 00:00 (the DOS epoch), in both the
 * local headers and the central directory, so that archives written at different times are byte-identical.
 * The zip libraries exceljs and docx use stamp entries with the current time. Compressed data, sizes and
 * CRCs are untouched. Reference: PKWARE APPNOTE.TXT 6.3, §4.3.7 and §4.3.12.
 * @param bytes a complete zip file (not zip64)
 * @returns a copy with fixed entry times
 * @throws RangeError when the bytes are not a zip file this function understands
 */
export function fixZipDates(bytes: Uint8Array): Uint8Array {
  const out = Uint8Array.from(bytes);
  const view = new DataView(out.buffer, out.byteOffset, out.byteLength);
  const end = findEndOfCentralDirectory(out);
  if (end < 0) throw new RangeError("fixZipDates: no zip end-of-central-directory record found");
  const count = view.getUint16(end + 10, true);
  let p = view.getUint32(end + 16, true);
  const dosTime = 0;
  const dosDate = (0 << 9) | (1 << 5) | 1;
  for (let k = 0; k < count; k++) {
    if (p + 46 > out.length || view.getUint32(p, true) !== 0x02014b50) {
      throw new RangeError(`fixZipDates: central directory entry ${k} is malformed`);
    }
    view.setUint16(p + 12, dosTime, true);
    view.setUint16(p + 14, dosDate, true);
    const local = view.getUint32(p + 42, true);
    if (local + 30 > out.length || view.getUint32(local, true) !== 0x04034b50) {
      throw new RangeError(`fixZipDates: local header of entry ${k} is malformed`);
    }
    view.setUint16(local + 10, dosTime, true);
    view.setUint16(local + 12, dosDate, true);
    p += 46 + view.getUint16(p + 28, true) + view.getUint16(p + 30, true) + view.getUint16(p + 32, true);
  }
  return out;
}

/** Offset of the zip end-of-central-directory record, or -1. */
export function findEndOfCentralDirectory(bytes: Uint8Array): number {
  const stop = Math.max(0, bytes.length - 22 - 0xffff);
  for (let p = bytes.length - 22; p >= stop; p--) {
    if (bytes[p] === 0x50 && bytes[p + 1] === 0x4b && bytes[p + 2] === 0x05 && bytes[p + 3] === 0x06)
      return p;
  }
  return -1;
}
