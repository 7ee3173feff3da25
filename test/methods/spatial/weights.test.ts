/**
 * Spatial weights: contiguity on the bundled China map against spdep poly2nb and by hand, centroids against
 * sf::st_centroid, great-circle distances and k nearest neighbours against R (test/reference/moran/generate.R),
 * lattices against their definition, and the edge-list round trip.
 */
import { readFileSync } from "node:fs";
import { fc, test as propTest } from "@fast-check/vitest";
import { beforeAll, describe, expect, it } from "vitest";
import { loadMap } from "../../../src/io/datasets.js";
import { panel } from "../../../src/panel/panel.js";
import {
  alignWeights,
  contiguityWeights,
  economicDistanceWeights,
  geoJsonUnits,
  greatCircleDistance,
  inverseDistanceWeights,
  isSymmetric,
  knnWeights,
  panelEntityMeans,
  rowStandardise,
  spatialLag,
  spatialWeights,
  unitCentroids,
  weightOf,
  weightsFromTable,
  weightsIslands,
  weightsSummaryTable,
  weightsTable,
  type GeoUnits,
  type SpatialWeights,
} from "../../../src/methods/spatial/weights.js";
import { numberColumn, stringColumn, table } from "../../../src/table/table.js";
import { expectAllClose, expectClose } from "../../close.js";
import { issuesOf } from "../../issues.js";

interface Fixture {
  input: { ids: string[]; names: string[]; y: number[] };
  expected: {
    queen: string[][];
    rook: string[][];
    centroid_lon: number[];
    centroid_lat: number[];
    distance_km: number[][];
    knn4: string[][];
  };
}
const fixture = JSON.parse(
  readFileSync(new URL("../../reference/moran/china-gdppc-2019.json", import.meta.url), "utf8"),
) as Fixture;
const PROVINCES = fixture.input.ids;

const neighbourIds = (w: SpatialWeights, id: string): string[] =>
  Array.from(w.neighbours[w.ids.indexOf(id)]!, (j) => w.ids[j]!).sort();

let map: unknown;
let provinces: GeoUnits;
let queen: SpatialWeights;
let rook: SpatialWeights;
beforeAll(async () => {
  map = await loadMap("map-china-provinces");
  provinces = geoJsonUnits(map, { idProperty: "adcode", nameProperty: "name_en", ids: PROVINCES });
  queen = contiguityWeights(provinces);
  rook = contiguityWeights(provinces, { rule: "rook" });
});

/** Unit squares [x, x+1] × [y, y+1], optionally with extra vertices on their edges. */
function square(x: number, y: number, splits: readonly number[] = []): Float64Array[] {
  const points: number[] = [];
  const corners = [
    [x, y],
    [x + 1, y],
    [x + 1, y + 1],
    [x, y + 1],
  ] as const;
  corners.forEach(([cx, cy], k) => {
    points.push(cx, cy);
    const [nx, ny] = corners[(k + 1) % 4]!;
    for (const t of splits) points.push(cx + t * (nx - cx), cy + t * (ny - cy));
  });
  return [Float64Array.from(points)];
}

function units(polys: Float64Array[][], ids = polys.map((_, i) => String(i))): GeoUnits {
  return { ids, names: ids.map(() => undefined), polygons: polys.map((rings) => [rings]) };
}

describe("contiguity on the bundled China map (31 provinces)", () => {
  it("contiguityWeights(queen) equals spdep 1.2-7 poly2nb(queen = TRUE) for every province", () => {
    PROVINCES.forEach((id, i) => {
      expect(neighbourIds(queen, id), id).toEqual([...fixture.expected.queen[i]!].sort());
    });
  });
  it("contiguityWeights(rook) equals spdep poly2nb(queen = FALSE)", () => {
    PROVINCES.forEach((id, i) => {
      expect(neighbourIds(rook, id), id).toEqual([...fixture.expected.rook[i]!].sort());
    });
  });
  it("hand-checked neighbours: Beijing, Shanghai, Chongqing, Hebei, Hainan", () => {
    // Checked against a printed map of China's provinces:
    expect(neighbourIds(queen, "110000")).toEqual(["120000", "130000"]); // Beijing: Tianjin, Hebei only
    expect(neighbourIds(queen, "310000")).toEqual(["320000", "330000"]); // Shanghai: Jiangsu, Zhejiang
    // Chongqing: Hubei, Hunan, Sichuan, Guizhou, Shaanxi
    expect(neighbourIds(queen, "500000")).toEqual(["420000", "430000", "510000", "520000", "610000"]);
    // Hebei: Beijing, Tianjin, Shanxi, Inner Mongolia, Liaoning, Shandong, Henan
    expect(neighbourIds(queen, "130000")).toEqual([
      "110000",
      "120000",
      "140000",
      "150000",
      "210000",
      "370000",
      "410000",
    ]);
    expect(neighbourIds(queen, "460000")).toEqual([]); // Hainan: an island
  });
  it("Hainan 460000 is reported as the only island; 68 neighbour pairs; queen ⊇ rook", () => {
    expect(queen.islands).toEqual(["460000"]);
    expect(weightsIslands(queen)).toEqual(["460000"]);
    expect(queen.neighbours.reduce((s, r) => s + r.length, 0)).toBe(2 * 68);
    for (let i = 0; i < PROVINCES.length; i++)
      for (const j of rook.neighbours[i]!) expect(queen.neighbours[i]!.includes(j)).toBe(true);
    expect(isSymmetric(queen)).toBe(true);
  });
  it("the full map (34 units): Taiwan is an island too; Hong Kong and Macao touch Guangdong only", () => {
    const all = contiguityWeights(geoJsonUnits(map, { idProperty: "adcode" }));
    expect(all.islands).toEqual(["460000", "710000"]);
    expect(neighbourIds(all, "810000")).toEqual(["440000"]);
    expect(neighbourIds(all, "820000")).toEqual(["440000"]);
  });
  it("islands 'nearest' links Hainan to Guangxi (690.0 km between centroids; Guangdong is 695.4 km); nearest 2 adds Guangdong", () => {
    const linked = contiguityWeights(provinces, { islands: "nearest" });
    expect(linked.islands).toEqual([]);
    expect(neighbourIds(linked, "460000")).toEqual(["450000"]);
    expect(neighbourIds(linked, "450000")).toContain("460000");
    expect(linked.islandLinks?.[0]?.id).toBe("460000");
    expectClose(linked.islandLinks![0]!.distanceKm[0]!, 690.0079, { abs: 1e-3 });
    const two = contiguityWeights(provinces, { islands: "nearest", nearest: 2 });
    expect(neighbourIds(two, "460000")).toEqual(["440000", "450000"]);
    expect(isSymmetric(two)).toBe(true);
  });
  it("links [[460000, 440000]] joins Hainan to Guangdong by hand (both ways), leaving no island", () => {
    const w = contiguityWeights(provinces, { links: [["460000", "440000"]] });
    expect(neighbourIds(w, "460000")).toEqual(["440000"]);
    expect(neighbourIds(w, "440000")).toContain("460000");
    expect(w.islands).toEqual([]);
    expect(w.addedLinks).toEqual([["460000", "440000"]]);
  });
  it("unitCentroids matches sf 1.0-9 st_centroid (GEOS, planar lon/lat) to 1e-9 degrees", () => {
    const c = unitCentroids(provinces);
    const liaoning = PROVINCES.indexOf("210000");
    const others = PROVINCES.map((_, i) => i).filter((i) => i !== liaoning);
    const pick = (a: ArrayLike<number>) => others.map((i) => a[i]!);
    expectAllClose(pick(c.lon), pick(fixture.expected.centroid_lon), {
      abs: 1e-9,
      labels: others.map((i) => PROVINCES[i]!),
    });
    expectAllClose(pick(c.lat), pick(fixture.expected.centroid_lat), { abs: 1e-9 });
    // Liaoning's 5th polygon is self-intersecting (sf st_is_valid FALSE); GEOS signs its area by the ring's
    // orientation at its highest vertex, which here makes it negative, while unitCentroids counts every outer ring
    // positive (0.0001 degrees apart). Given that part as a hole, unitCentroids reproduces GEOS.
    const parts = provinces.polygons[liaoning]!;
    const asHole = {
      ids: ["210000"],
      names: [undefined],
      polygons: [[[...parts[15]!, parts[4]![0]!], ...parts.filter((_, k) => k !== 4 && k !== 15)]],
    };
    const g = unitCentroids(asHole);
    expectClose(g.lon[0]!, fixture.expected.centroid_lon[liaoning]!, { abs: 1e-9 });
    expectClose(g.lat[0]!, fixture.expected.centroid_lat[liaoning]!, { abs: 1e-9 });
    expectClose(c.lon[liaoning]!, fixture.expected.centroid_lon[liaoning]!, { abs: 1e-4 });
  });
  it("knnWeights(k = 4) on the centroids equals R's 4 nearest by haversine distance", () => {
    const w = knnWeights(unitCentroids(provinces), { k: 4 });
    PROVINCES.forEach((id, i) => {
      expect(neighbourIds(w, id), id).toEqual([...fixture.expected.knn4[i]!].sort());
    });
  });
  it("greatCircleDistance between sf's centroids equals R's haversine matrix to 1e-6 km; inverseDistanceWeights is 1/d", () => {
    const lon = fixture.expected.centroid_lon;
    const lat = fixture.expected.centroid_lat;
    const w = inverseDistanceWeights({
      ids: PROVINCES,
      lon: Float64Array.from(lon),
      lat: Float64Array.from(lat),
    });
    for (let i = 0; i < PROVINCES.length; i++)
      for (let j = 0; j < PROVINCES.length; j++) {
        const d = greatCircleDistance(lon[i]!, lat[i]!, lon[j]!, lat[j]!);
        expectClose(d, fixture.expected.distance_km[i]![j]!, { abs: 1e-6 });
        if (i !== j) expectClose(weightOf(w, i, j), 1 / d, { rel: 1e-15 });
      }
  });
});

describe("lattices and hand-made polygons", () => {
  const lattice = (rows: number, cols: number): GeoUnits =>
    units(Array.from({ length: rows * cols }, (_, k) => square(k % cols, Math.floor(k / cols))));
  it("contiguityWeights on a 3 × 3 lattice: rook 2/3/4 and queen 3/5/8 neighbours (corner/edge/centre), as libpysal lat2W", () => {
    const g = lattice(3, 3);
    expect(contiguityWeights(g, { rule: "rook" }).neighbours.map((r) => r.length)).toEqual([
      2, 3, 2, 3, 4, 3, 2, 3, 2,
    ]);
    expect(contiguityWeights(g).neighbours.map((r) => r.length)).toEqual([3, 5, 3, 5, 8, 5, 3, 5, 3]);
  });
  it("a T-junction with no shared vertex is a rook (and queen) neighbour", () => {
    // A = [0, 2] × [0, 1]; B = [0.5, 1.5] × [1, 2] sits on A's top edge, whose only vertices are (0, 1) and (2, 1).
    const a = [Float64Array.of(0, 0, 2, 0, 2, 1, 0, 1)];
    const b = [Float64Array.of(0.5, 1, 1.5, 1, 1.5, 2, 0.5, 2)];
    expect(contiguityWeights(units([a, b]), { rule: "rook" }).neighbours[0]).toEqual(Int32Array.of(1));
  });
  it("a corner touch is queen but not rook", () => {
    const g = units([square(0, 0), square(1, 1)]);
    expect(contiguityWeights(g).neighbours[0]).toEqual(Int32Array.of(1));
    expect(contiguityWeights(g, { rule: "rook" }).neighbours[0]).toEqual(Int32Array.of());
  });
  it("a gap of 5e-5 counts as touching with the default tolerance 1e-4, a gap of 2e-4 does not", () => {
    const near = units([square(0, 0), [Float64Array.of(1.00005, 0, 2, 0, 2, 1, 1.00005, 1)]]);
    const far = units([square(0, 0), [Float64Array.of(1.0002, 0, 2, 0, 2, 1, 1.0002, 1)]]);
    expect(contiguityWeights(near, { rule: "rook" }).neighbours[0]).toEqual(Int32Array.of(1));
    expect(contiguityWeights(far).islands).toEqual(["0", "1"]);
    expect(contiguityWeights(far, { tolerance: 1e-3 }).neighbours[0]).toEqual(Int32Array.of(1));
  });
  it("a hole's boundary counts: a unit inside another's hole is its neighbour", () => {
    const outer = [Float64Array.of(0, 0, 3, 0, 3, 3, 0, 3), Float64Array.of(1, 1, 2, 1, 2, 2, 1, 2)];
    expect(contiguityWeights(units([outer, square(1, 1)]), { rule: "rook" }).neighbours[1]).toEqual(
      Int32Array.of(0),
    );
  });
  it("unitCentroids of a square with a square hole off-centre is the area-weighted difference", () => {
    // [0,4]² minus [0,1]²: area 15, centroid ((16·2 − 1·0.5)/15, same)
    const c = unitCentroids(
      units([[Float64Array.of(0, 0, 4, 0, 4, 4, 0, 4), Float64Array.of(0, 0, 0, 1, 1, 1, 1, 0)]]),
    );
    expectClose(c.lon[0]!, 31.5 / 15, { abs: 1e-14 });
    expectClose(c.lat[0]!, 31.5 / 15, { abs: 1e-14 });
  });
});

describe("properties", () => {
  // Random subsets of a lattice, each square with its edges cut at random extra points so that neighbours share
  // few or no vertices; the definition gives rook = Manhattan distance 1, queen = Chebyshev distance 1.
  const grid = fc
    .record({
      rows: fc.integer({ min: 1, max: 5 }),
      cols: fc.integer({ min: 1, max: 5 }),
      keep: fc.array(fc.boolean(), { minLength: 25, maxLength: 25 }),
      splits: fc.array(fc.array(fc.double({ min: 0.05, max: 0.95, noNaN: true }), { maxLength: 2 }), {
        minLength: 25,
        maxLength: 25,
      }),
    })
    .map(({ rows, cols, keep, splits }) => {
      const cells: { x: number; y: number; splits: number[] }[] = [];
      for (let k = 0; k < rows * cols; k++)
        if (keep[k])
          cells.push({ x: k % cols, y: Math.floor(k / cols), splits: [...splits[k]!].sort((a, b) => a - b) });
      return cells;
    })
    .filter((cells) => cells.length >= 1);
  propTest.prop([grid])(
    "contiguityWeights on a cut lattice equals its definition; queen ⊇ rook; both symmetric",
    (cells) => {
      const g = units(cells.map((c) => square(c.x, c.y, c.splits)));
      const q = contiguityWeights(g);
      const r = contiguityWeights(g, { rule: "rook" });
      cells.forEach((a, i) => {
        const chebyshev = cells.flatMap((b, j) =>
          j !== i && Math.max(Math.abs(a.x - b.x), Math.abs(a.y - b.y)) === 1 ? [j] : [],
        );
        const manhattan = cells.flatMap((b, j) =>
          j !== i && Math.abs(a.x - b.x) + Math.abs(a.y - b.y) === 1 ? [j] : [],
        );
        expect(Array.from(q.neighbours[i]!)).toEqual(chebyshev);
        expect(Array.from(r.neighbours[i]!)).toEqual(manhattan);
      });
      expect(q.islands).toEqual(g.ids.filter((_, i) => q.neighbours[i]!.length === 0));
      expect(isSymmetric(q) && isSymmetric(r)).toBe(true);
    },
  );

  // Points on a 0.25° grid, so that distinct points are at least ~1 km apart (1/d finite and well scaled).
  const points = fc
    .array(
      fc.tuple(
        fc.integer({ min: -680, max: 680 }).map((v) => v / 4),
        fc.integer({ min: -320, max: 320 }).map((v) => v / 4),
      ),
      {
        minLength: 3,
        maxLength: 12,
      },
    )
    .filter((p) => new Set(p.map(([a, b]) => `${a},${b}`)).size === p.length)
    .map((p) => ({
      ids: p.map((_, i) => `u${i}`),
      lon: Float64Array.from(p, (q) => q[0]),
      lat: Float64Array.from(p, (q) => q[1]),
    }));
  propTest.prop([points, fc.integer({ min: 1, max: 2 })])(
    "knnWeights: each unit has k neighbours, none farther than a non-neighbour",
    (pts, k) => {
      const w = knnWeights(pts, { k });
      const d = (i: number, j: number) =>
        greatCircleDistance(pts.lon[i]!, pts.lat[i]!, pts.lon[j]!, pts.lat[j]!);
      w.neighbours.forEach((row, i) => {
        expect(row.length).toBe(k);
        const farthest = Math.max(...Array.from(row, (j) => d(i, j)));
        for (let j = 0; j < pts.ids.length; j++)
          if (j !== i && !row.includes(j)) expect(d(i, j)).toBeGreaterThanOrEqual(farthest);
      });
    },
  );
  propTest.prop([points, fc.double({ min: 0.5, max: 3, noNaN: true })])(
    "inverseDistanceWeights is symmetric, w_ij = d^(−power); rowStandardise makes rows sum to 1 and the lag a weighted mean",
    (pts, power) => {
      const w = inverseDistanceWeights(pts, { power });
      expect(isSymmetric(w)).toBe(true);
      const d01 = greatCircleDistance(pts.lon[0]!, pts.lat[0]!, pts.lon[1]!, pts.lat[1]!);
      expectClose(weightOf(w, 0, 1), d01 ** -power, { rel: 1e-12 });
      const r = rowStandardise(w);
      expect(r.rowStandardised).toBe(true);
      for (const row of r.weights)
        expectClose(
          row.reduce((a, b) => a + b, 0),
          1,
          { abs: 1e-12 },
        );
      const x = Float64Array.from(pts.ids, (_, i) => i * i);
      const lag = spatialLag(r, x);
      lag.forEach((v, i) => {
        let num = 0;
        let den = 0;
        for (let j = 0; j < x.length; j++)
          if (j !== i) {
            const wij = greatCircleDistance(pts.lon[i]!, pts.lat[i]!, pts.lon[j]!, pts.lat[j]!) ** -power;
            num += wij * x[j]!;
            den += wij;
          }
        expectClose(v, num / den, { rel: 1e-10 });
      });
    },
  );
  propTest.prop([
    fc.array(fc.array(fc.integer({ min: 0, max: 5 }), { maxLength: 4 }), { minLength: 1, maxLength: 6 }),
  ])("weightsFromTable(weightsTable(w)) gives w back, islands included", (lists) => {
    const n = lists.length;
    const neighbours = lists.map((l, i) => [...new Set(l.filter((j) => j < n && j !== i))]);
    const weights = neighbours.map((l) => l.map((j) => j + 0.5));
    const w = spatialWeights(
      lists.map((_, i) => `id${i}`),
      neighbours,
      weights,
    );
    const back = weightsFromTable(weightsTable(w));
    expect(back.ids).toEqual(w.ids);
    expect(back.neighbours).toEqual(w.neighbours);
    expect(back.weights).toEqual(w.weights);
    expect(back.islands).toEqual(w.islands);
  });
});

describe("distances, economic weights, matching", () => {
  it("greatCircleDistance(0, 0, 90, 0) is a quarter of the equator, π·6371.0088/2 km", () => {
    expectClose(greatCircleDistance(0, 0, 90, 0), (Math.PI * 6371.0088) / 2, { abs: 1e-9 });
    expectClose(greatCircleDistance(10, 90, -70, 90), 0, { abs: 1e-9 });
  });
  it("inverseDistanceWeights with cutoffKm leaves far units as islands, or links them to the nearest", () => {
    const pts = { ids: ["a", "b", "c"], lon: Float64Array.of(0, 1, 10), lat: Float64Array.of(0, 0, 0) };
    const cut = inverseDistanceWeights(pts, { cutoffKm: 200, power: 2 });
    expect(cut.islands).toEqual(["c"]);
    const d = greatCircleDistance(0, 0, 1, 0);
    expectClose(weightOf(cut, 0, 1), d ** -2, { rel: 1e-15 });
    const linked = inverseDistanceWeights(pts, { cutoffKm: 200, islands: "nearest" });
    expect(linked.islands).toEqual([]);
    expect(Array.from(linked.neighbours[2]!)).toEqual([1]);
    expectClose(weightOf(linked, 2, 1), 1 / greatCircleDistance(1, 0, 10, 0), { rel: 1e-15 });
    expect(isSymmetric(linked)).toBe(true);
  });
  it("economicDistanceWeights gives 1/|Ȳi − Ȳj| and panelEntityMeans averages over the periods", () => {
    const p = panel(
      table([
        stringColumn("id", ["a", "a", "b", "b", "c", "c"]),
        numberColumn("year", [1, 2, 1, 2, 1, 2]),
        numberColumn("gdp", [1, 3, 4, 4, Number.NaN, 8]),
      ]),
      { entity: "id", time: "year" },
    );
    const means = panelEntityMeans(p, "gdp");
    expect(Array.from(means)).toEqual([2, 4, 8]);
    const w = economicDistanceWeights(p.entities, means);
    expect(Array.from(w.weights[0]!)).toEqual([1 / 2, 1 / 6]);
    expect(Array.from(rowStandardise(w).weights[2]!)).toEqual([
      1 / 6 / (1 / 6 + 1 / 4),
      1 / 4 / (1 / 6 + 1 / 4),
    ]);
  });
  it("alignWeights reorders to the data's entities, and can drop extra units (row-standardising again)", () => {
    const w = rowStandardise(spatialWeights(["a", "b", "c"], [[1, 2], [0], [0]]));
    const aligned = alignWeights(w, ["c", "a", "b"]);
    expect(aligned.ids).toEqual(["c", "a", "b"]);
    expect(Array.from(aligned.neighbours[1]!)).toEqual([0, 2]);
    const dropped = alignWeights(w, ["a", "b"], { extra: "drop" });
    expect(Array.from(dropped.weights[0]!)).toEqual([1]);
    const islandsLeft = alignWeights(w, ["b", "c"], { extra: "drop" });
    expect(islandsLeft.islands).toEqual(["b", "c"]);
  });
  it("weightsSummaryTable lists neighbour counts and islands", () => {
    const t = weightsSummaryTable(spatialWeights(["a", "b", "c"], [[1], [0], []]), ["A", "B", "C"]);
    expect(t.columns.map((c) => c.name)).toEqual([
      "id",
      "name",
      "neighbours",
      "neighbour_ids",
      "row_sum",
      "island",
    ]);
    expect(Array.from((t.columns[5] as { values: Float64Array }).values)).toEqual([0, 0, 1]);
    expect(t.meta.notes?.[0]).toMatch(/Islands .*: c/);
  });
});

describe("doc comment examples", () => {
  it("spatialWeights, weightsIslands, rowStandardise, spatialLag, unitCentroids, knnWeights, economicDistanceWeights, weightsTable", () => {
    expect(spatialWeights(["a", "b", "c"], [[1], [0], []]).islands).toEqual(["c"]);
    expect(weightsIslands(spatialWeights(["a", "b", "c"], [[1], [0], []]))).toEqual(["c"]);
    expect(rowStandardise(spatialWeights(["a", "b", "c"], [[1, 2], [0], [0]])).weights[0]).toEqual(
      Float64Array.of(0.5, 0.5),
    );
    expect(
      spatialLag(
        rowStandardise(spatialWeights(["a", "b", "c"], [[1, 2], [0], [0]])),
        Float64Array.of(1, 2, 4),
      ),
    ).toEqual(Float64Array.of(3, 1, 1));
    expect(unitCentroids(units([[Float64Array.of(0, 0, 2, 0, 2, 2, 0, 2)]])).lon).toEqual(Float64Array.of(1));
    const line = { ids: ["a", "b", "c"], lon: Float64Array.of(0, 1, 5), lat: Float64Array.of(0, 0, 0) };
    expect(knnWeights(line, { k: 1 }).neighbours.map((r) => r[0])).toEqual([1, 0, 1]);
    expect(economicDistanceWeights(["a", "b", "c"], Float64Array.of(1, 2, 4)).weights[0]).toEqual(
      Float64Array.of(1, 1 / 3),
    );
    expect(weightsTable(spatialWeights(["a", "b", "c"], [[1], [0], []])).rowCount).toBe(3);
    expect(isSymmetric(spatialWeights(["a", "b"], [[1], []]))).toBe(false);
    expect(weightOf(spatialWeights(["a", "b"], [[1], [0]], [[0.5], [2]]), 0, 1)).toBe(0.5);
    expectClose(greatCircleDistance(0, 0, 90, 0), 10007.55722101796, { abs: 1e-9 });
    const sq = (x: number, y: number) => [Float64Array.of(x, y, x + 1, y, x + 1, y + 1, x, y + 1)];
    const three = units([sq(0, 0), sq(1, 0), sq(2, 1)], ["a", "b", "c"]);
    expect([
      contiguityWeights(three).neighbours.map((r) => r.length),
      contiguityWeights(three, { rule: "rook" }).neighbours.map((r) => r.length),
    ]).toEqual([
      [1, 2, 1],
      [1, 1, 0],
    ]);
  });
});

describe("errors", () => {
  it("alignWeights reports every entity the weights lack and every extra unit at once, with rows", () => {
    const w = spatialWeights(["a", "b", "x"], [[1], [0], []]);
    const issues = issuesOf(() =>
      alignWeights(w, ["a", "b", "c", "d"], { file: "data.csv", entityRows: [2, 5, 8, 11] }),
    );
    expect(issues.map((i) => [i.code, i.entity, i.row])).toEqual([
      ["missing_key", "c", 8],
      ["missing_key", "d", 11],
      ["bad_value", "x", undefined],
    ]);
    expect(issues[0]!.file).toBe("data.csv");
  });
  it("geoJsonUnits reports a missing id, a duplicate, a bad geometry and an id not on the map together", () => {
    const geo = {
      type: "FeatureCollection",
      features: [
        {
          type: "Feature",
          properties: { code: "a" },
          geometry: {
            type: "Polygon",
            coordinates: [
              [
                [0, 0],
                [1, 0],
                [1, 1],
                [0, 0],
              ],
            ],
          },
        },
        {
          type: "Feature",
          properties: {},
          geometry: {
            type: "Polygon",
            coordinates: [
              [
                [0, 0],
                [1, 0],
                [1, 1],
                [0, 0],
              ],
            ],
          },
        },
        {
          type: "Feature",
          properties: { code: "a" },
          geometry: {
            type: "Polygon",
            coordinates: [
              [
                [0, 0],
                [1, 0],
                [1, 1],
                [0, 0],
              ],
            ],
          },
        },
        { type: "Feature", properties: { code: "b" }, geometry: { type: "Point", coordinates: [0, 0] } },
      ],
    };
    const issues = issuesOf(() =>
      geoJsonUnits(geo, { idProperty: "code", ids: ["a", "b", "zz"], file: "map.geojson" }),
    );
    expect(issues.map((i) => i.code).sort()).toEqual([
      "bad_value",
      "duplicate_key",
      "missing_key",
      "missing_key",
    ]);
    expect(issues.find((i) => i.entity === "zz")?.code).toBe("missing_key");
    expect(issues.find((i) => i.code === "duplicate_key")?.path).toEqual(["features", 2]);
    expect(issues.every((i) => i.file === "map.geojson")).toBe(true);
    expect(issuesOf(() => geoJsonUnits([1, 2]))[0]!.code).toBe("unsupported_format");
  });
  it("economicDistanceWeights with two equal means, and inverseDistanceWeights with two units at one point, are input errors", () => {
    expect(issuesOf(() => economicDistanceWeights(["a", "b", "c"], [1, 2, 1]))[0]).toMatchObject({
      code: "bad_value",
      entity: "a",
    });
    expect(
      issuesOf(() =>
        inverseDistanceWeights({ ids: ["a", "b"], lon: Float64Array.of(1, 1), lat: Float64Array.of(2, 2) }),
      )[0]!.code,
    ).toBe("bad_value");
  });
  it("weightsFromTable reports a self-link, a negative weight, a duplicate link and a missing id with their rows", () => {
    const t = table([
      stringColumn("id", ["a", "a", "b", "a", null]),
      stringColumn("neighbour", ["a", "b", "a", "b", "a"]),
      numberColumn("weight", [1, 1, -1, 1, 1]),
    ]);
    const issues = issuesOf(() => weightsFromTable(t, { file: "w.csv" }));
    expect(issues.map((i) => [i.code, i.row])).toEqual([
      ["bad_value", 2],
      ["bad_value", 4],
      ["duplicate_key", 5],
      ["missing_key", 6],
    ]);
  });
  it("bad options and malformed lists throw RangeError naming the function", () => {
    expect(() =>
      knnWeights({ ids: ["a", "b"], lon: Float64Array.of(0, 1), lat: Float64Array.of(0, 0) }, { k: 2 }),
    ).toThrow(/^knnWeights:/);
    expect(() =>
      inverseDistanceWeights({ ids: ["a"], lon: Float64Array.of(0), lat: Float64Array.of(0) }, { power: 0 }),
    ).toThrow(/^inverseDistanceWeights:/);
    expect(() => spatialWeights(["a", "b"], [[0], []])).toThrow(
      /^spatialWeights: unit a is its own neighbour/,
    );
    expect(() => spatialWeights(["a", "b"], [[1, 1], []])).toThrow(/^spatialWeights:/);
    expect(() => spatialLag(spatialWeights(["a"], [[]]), [1, 2])).toThrow(/^spatialLag:/);
    expect(() => contiguityWeights(units([square(0, 0)]), { tolerance: -1 })).toThrow(/^contiguityWeights:/);
    expect(() => contiguityWeights(units([square(0, 0)]), { links: [["0", "9"]] })).toThrow(
      /^contiguityWeights:/,
    );
  });
});
