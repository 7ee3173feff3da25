/**
 * `nqpf weights`, in process (weightsCommand with the options commander would pass): a bundled map, the bundled
 * panel's provinces on the default map, island handling, the written edge list, and located errors.
 */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { weightsCommand } from "../../src/cli/commands/weights.js";
import { readCsv } from "../../src/io/read-csv.js";
import { weightsFromTable } from "../../src/methods/spatial/weights.js";
import { issuesOfAsync } from "../issues.js";
import { runCommandSetup } from "./run-command.js";

const { work, stdout, file, clearStdout } = runCommandSetup("nqpf-weights-");

describe("nqpf weights (in process)", () => {
  it("weights map-china-provinces --type queen reports Hainan and Taiwan as islands and prints each unit's neighbours", async () => {
    await weightsCommand("map-china-provinces", { type: "queen" });
    const text = stdout();
    expect(text).toMatch(/queen contiguity on map-china-provinces \(34 units, id adcode\), row-standardised/);
    expect(text).toMatch(/islands \(no neighbour, spatial lag 0\): 460000 Hainan, 710000 Taiwan/);
    expect(text).toMatch(/110000\s+Beijing\s+2\s+120000 130000\n/);
    expect(text).toMatch(/820000\s+Macao\s+1\s+440000\n/);
  });

  it("weights china-provinces-panel --type queen --islands nearest --out w.csv: 31 provinces, Hainan linked, edge list readable back", async () => {
    const out = join(work, "w.csv");
    await weightsCommand("china-provinces-panel", { type: "queen", islands: "nearest", out });
    const text = stdout();
    expect(text).toMatch(/\(31 units, id adcode\)/);
    expect(text).toMatch(/islands: none/);
    expect(text).toMatch(
      /island 460000 Hainan linked to its nearest 450000 Guangxi \(690\.0 km between centroids\)/,
    );
    expect(text).toMatch(/wrote .*w\.csv \(138 rows: id, neighbour, weight\)/);
    const { table } = await readCsv(out);
    const w = weightsFromTable(table, { file: out });
    expect(w.ids).toHaveLength(31);
    expect(w.rowStandardised).toBe(true);
    const hainan = w.ids.indexOf("460000");
    expect(Array.from(w.neighbours[hainan]!, (j) => w.ids[j])).toEqual(["450000"]);
  });

  it("weights <file.geojson> --type knn --k 2 --standardise none and --type idw --cutoff", async () => {
    const geo = {
      type: "FeatureCollection",
      features: [0, 1, 2, 5].map((x, k) => ({
        type: "Feature",
        properties: { code: `u${k}` },
        geometry: {
          type: "Polygon",
          coordinates: [
            [
              [x, 0],
              [x + 1, 0],
              [x + 1, 1],
              [x, 1],
              [x, 0],
            ],
          ],
        },
      })),
    };
    const path = file("strip.geojson", JSON.stringify(geo));
    await weightsCommand(path, { type: "knn", k: "2", standardise: "none", id: "code" });
    let text = stdout();
    expect(text).toMatch(
      /2 nearest neighbours \(great-circle between centroids\) on .*strip\.geojson \(4 units, id code\)\n/,
    );
    expect(text).toMatch(/u3\s+2\s+u1 u2/);
    clearStdout();
    await weightsCommand(path, { type: "idw", cutoff: "250", id: "code" });
    text = stdout();
    expect(text).toMatch(/cut-off 250 km/);
    expect(text).toMatch(/islands \(no neighbour, spatial lag 0\): u3/);
  });

  it("weights china-provinces-panel --type economic --var gdp_per_capita --years 2010:2019 gives dense 1/|Ȳi − Ȳj| weights", async () => {
    await weightsCommand("china-provinces-panel", {
      type: "economic",
      var: "gdp_per_capita",
      years: "2010:2019",
    });
    const text = stdout();
    expect(text).toMatch(
      /economic distance 1\/\|Ȳi − Ȳj\| of gdp_per_capita \(mean over 2010–2019\), row-standardised/,
    );
    expect(text).toMatch(/units 31, links 930 \(i → j\)/);
  });

  it("bad flags are reported together: an unknown type, a bad --k and a malformed --link", async () => {
    const issues = await issuesOfAsync(
      weightsCommand("map-china-provinces", { type: "tower", k: "0", link: "460000" }),
    );
    expect(issues.map((i) => i.code)).toEqual(["bad_argument", "bad_argument", "bad_argument"]);
    expect(issues.map((i) => i.message).join(" ")).toMatch(/tower.*--k.*--link/s);
  });

  it("--link to an id that is not on the map, and economic weights from a map, are input errors", async () => {
    expect(
      (await issuesOfAsync(weightsCommand("map-china-provinces", { link: "460000:999999" })))[0],
    ).toMatchObject({
      code: "bad_argument",
      entity: "999999",
    });
    expect((await issuesOfAsync(weightsCommand("map-china-provinces", { type: "economic" })))[0]!.code).toBe(
      "bad_argument",
    );
  });

  it("a data file whose entities are not on the map names each missing entity", async () => {
    const path = file(
      "codes.csv",
      "adcode,year,x\n110000,2019,1\n999999,2019,2\n120000,2019,3\n130000,2019,4\n",
    );
    const issues = await issuesOfAsync(weightsCommand(path, { type: "rook" }));
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ code: "missing_key", entity: "999999", file: "map-china-provinces" });
  });
});
