// Goal: readCsv reads PWT 10.01 (12,810 × 52) well under 2 s, and a 1,000,000 × 10 numeric CSV (~100 MB)
// with peak RSS bounded by the table (~90 MB), not by the file text. Each case runs in its own process so
// that peak RSS (maxRSS) belongs to that case alone. The baseline, measured in the same run on the same file,
// is the naive reader: fs.readFileSync + split("\n") + split(",") + Number().
//
// Run: npx tsc -p tsconfig.build.json && node bench/read-csv.js [--csv-parse]
// (--csv-parse also times csv-parse's sync parser on the 1M-row file, the reason readCsv has its own state machine.)
// The generated files go to .tmp/bench-1m.csv and .tmp/bench-250k.csv (ignored by git) and are reused.
import { spawnSync } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  statSync,
  writeFileSync,
  writeSync,
  closeSync,
} from "node:fs";
import { gunzipSync } from "node:zlib";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
// PWT as bundled (data/pwt1001.csv.gz), decompressed once to .tmp/ so both readers see the same plain file.
const pwt = process.env.PWT_CSV ?? join(root, ".tmp", "pwt1001.csv");
if (!existsSync(pwt)) {
  mkdirSync(dirname(pwt), { recursive: true });
  writeFileSync(pwt, gunzipSync(readFileSync(join(root, "data", "pwt1001.csv.gz"))));
}
const bigFile = join(root, ".tmp", "bench-1m.csv");
const quarterFile = join(root, ".tmp", "bench-250k.csv");
const ROWS = 1_000_000;
const COLS = 10;

async function child(mode, file) {
  const t0 = performance.now();
  let rows = 0;
  if (mode === "ours") {
    const { readCsv } = await import(join(root, "dist", "io", "read-csv.js"));
    const result = await readCsv(file);
    rows = result.table.rowCount;
  } else if (mode === "csv-parse") {
    const { parse } = await import("csv-parse/sync");
    const records = parse(readFileSync(file), { from_line: 2 });
    const columns = records[0].length;
    const values = Array.from({ length: columns }, () => new Float64Array(records.length));
    records.forEach((record, r) =>
      record.forEach((text, k) => (values[k][r] = text === "" ? Number.NaN : Number(text))),
    );
    rows = records.length;
  } else {
    const lines = readFileSync(file, "utf8").split("\n");
    if (lines.at(-1) === "") lines.pop();
    const columns = lines[0].split(",").length;
    const values = Array.from({ length: columns }, () => new Float64Array(lines.length - 1));
    for (let r = 1; r < lines.length; r++) {
      const fields = lines[r].split(",");
      for (let k = 0; k < columns; k++) values[k][r - 1] = fields[k] === "" ? Number.NaN : Number(fields[k]);
    }
    rows = lines.length - 1;
  }
  const ms = performance.now() - t0;
  process.stdout.write(JSON.stringify({ ms, rows, maxRssMb: process.resourceUsage().maxRSS / 1024 }));
}

function generate() {
  if (existsSync(bigFile) && existsSync(quarterFile)) return;
  mkdirSync(dirname(bigFile), { recursive: true });
  const fd = openSync(bigFile, "w");
  const quarter = openSync(quarterFile, "w");
  let state = 12345;
  const next = () => {
    // xorshift32, fixed seed: the same file every time
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 4294967296;
  };
  const header = Array.from({ length: COLS }, (_, k) => `x${k + 1}`).join(",") + "\n";
  writeSync(fd, header);
  writeSync(quarter, header);
  let buffer = [];
  for (let r = 0; r < ROWS; r++) {
    const cells = [];
    for (let k = 0; k < COLS; k++) cells.push(((next() - 0.2) * 10 ** (k % 5)).toFixed(5));
    buffer.push(cells.join(","));
    if (buffer.length === 10_000) {
      const text = buffer.join("\n") + "\n";
      writeSync(fd, text);
      if (r < ROWS / 4) writeSync(quarter, text);
      buffer = [];
    }
  }
  closeSync(fd);
  closeSync(quarter);
}

function run(mode, file) {
  const out = spawnSync(
    process.execPath,
    ["--max-old-space-size=4096", fileURLToPath(import.meta.url), "--child", mode, file],
    { encoding: "utf8" },
  );
  if (out.status !== 0) throw new Error(`${mode} failed: ${out.stderr}`);
  return JSON.parse(out.stdout);
}

if (process.argv[2] === "--child") {
  await child(process.argv[3], process.argv[4]);
} else {
  generate();
  const mb = (bytes) => (bytes / 1048576).toFixed(1);
  console.log(`PWT 10.01: ${pwt} (${mb(statSync(pwt).size)} MB)`);
  const pwtOurs = run("ours", pwt);
  const pwtBase = run("baseline", pwt);
  console.log(
    `  readCsv    ${pwtOurs.ms.toFixed(0)} ms, ${pwtOurs.rows} rows, peak RSS ${pwtOurs.maxRssMb.toFixed(0)} MB (goal: well under 2000 ms)`,
  );
  console.log(
    `  baseline   ${pwtBase.ms.toFixed(0)} ms, peak RSS ${pwtBase.maxRssMb.toFixed(0)} MB (readFileSync + split + Number; no quotes, no types)`,
  );
  console.log(`  ratio time ${(pwtOurs.ms / pwtBase.ms).toFixed(2)}`);
  console.log(
    `1M rows × ${COLS} numeric columns: ${bigFile} (${mb(statSync(bigFile).size)} MB; the table itself is ${mb(ROWS * COLS * 9)} MB)`,
  );
  const bigOurs = run("ours", bigFile);
  const bigBase = run("baseline", bigFile);
  console.log(`  readCsv    ${bigOurs.ms.toFixed(0)} ms, peak RSS ${bigOurs.maxRssMb.toFixed(0)} MB`);
  console.log(`  baseline   ${bigBase.ms.toFixed(0)} ms, peak RSS ${bigBase.maxRssMb.toFixed(0)} MB`);
  console.log(
    `  ratio time ${(bigOurs.ms / bigBase.ms).toFixed(2)}, ratio peak RSS ${(bigOurs.maxRssMb / bigBase.maxRssMb).toFixed(2)}`,
  );
  // Bounded memory: peak RSS minus the table should not grow with the file.
  const quarterOurs = run("ours", quarterFile);
  const tableMb = (rows) => (rows * COLS * 9) / 1048576;
  console.log(
    `  peak RSS − table: ${(quarterOurs.maxRssMb - tableMb(quarterOurs.rows)).toFixed(0)} MB at 250,000 rows, ${(bigOurs.maxRssMb - tableMb(bigOurs.rows)).toFixed(0)} MB at 1,000,000 rows (should stay flat)`,
  );
  if (process.argv.includes("--csv-parse")) {
    const parsed = run("csv-parse", bigFile);
    console.log(
      `  csv-parse 7 (sync, whole file; the library readCsv does not use) ${parsed.ms.toFixed(0)} ms, peak RSS ${parsed.maxRssMb.toFixed(0)} MB`,
    );
  }
}
