/**
 * The data sets bundled in `data/`, with their shape and provenance. Provenance lines are those
 * of data/README.md (kept verbatim there); `nqpf datasets` prints them.
 */

/** How a bundled file becomes a Table/Panel. */
export interface DatasetSpec {
  readonly name: string;
  readonly title: string;
  readonly titleZh?: string;
  /** "panel": entity × time; "table": a cross-section or lookup table; "map": a GeoJSON/TopoJSON file. */
  readonly kind: "panel" | "table" | "map";
  /** Path relative to the package's data/ folder (for composed panels: the first component's file). */
  readonly file: string;
  readonly entity?: string;
  readonly time?: string;
  /** Long `variable,value` files: how to pivot them wide. */
  readonly pivot?: {
    readonly id: readonly string[];
    readonly namesFrom: readonly string[];
    readonly values: string;
    readonly meta?: {
      readonly unit?: string;
      readonly labelEn?: string;
      readonly labelZh?: string;
      readonly source?: string;
    };
  };
  /** Metadata of columns of wide files (long files carry theirs in unit/label columns). */
  readonly columnMeta?: Readonly<
    Record<string, { readonly unit?: string; readonly labelEn?: string; readonly labelZh?: string }>
  >;
  /** A panel assembled from other bundled panels (outer join on entity and time; the first dataset's copy of a shared column wins), with entity attributes attached. */
  readonly compose?: {
    readonly datasets: readonly string[];
    readonly attributes?: {
      readonly dataset: string;
      readonly on: string;
      readonly columns: readonly string[];
    };
  };
  /** Entities left out of the panel (e.g. the national total in a provincial panel). */
  readonly excludeEntities?: readonly string[];
  readonly rows: number;
  readonly description: string;
  readonly source: readonly string[];
  readonly licence: string;
}

const PWT_SOURCE = [
  "cran/pwt10 @ 957b298fd706a567af96ccb1663ad68d5e5d07ba : data/pwt10.01.rda (R data package pwt10 10.01-0), converted with R load() + write.csv() at full double precision; isocode → countrycode, currency → currency_unit",
  "Original publisher: Groningen Growth and Development Centre, Feenstra, Inklaar & Timmer (2015) AER 105(10); PWT 10.01, DataverseNL doi:10.34894/QT5BCC",
];
const NBS_PROV = (via: string): string[] => [
  via,
  'Publisher: National Bureau of Statistics of China (free use with attribution "数据来源：国家统计局")',
];
const BENCHMARKING =
  "cran/Benchmarking @ f9e7d013a0fe2ed2c9a54db24e166f6fc4e61c81 : data/*.csv.gz (Benchmarking 0.33, GPL ≥ 2); re-written as CSV";
const DEAR = (name: string): string =>
  `cran/deaR @ e41ed3d7041df5193e5a61323ce11792db533e65 : data/${name}.RData (deaR 1.5.3, GPL)`;

const LONG_PIVOT = {
  id: ["adcode", "province_zh", "province_en", "year"],
  namesFrom: ["variable"],
  values: "value",
  meta: { unit: "unit", source: "source" },
} as const;

function dea(
  name: string,
  file: string,
  rows: number,
  description: string,
  source: string,
  extra: Partial<DatasetSpec> = {},
): DatasetSpec {
  return {
    name,
    title: description,
    kind: "table",
    file: `dea/${file}`,
    rows,
    description,
    source: [source],
    licence: "GPL (R package data); underlying data from the cited publication",
    ...extra,
  };
}

export const DATASETS: readonly DatasetSpec[] = [
  {
    name: "pwt1001",
    title: "Penn World Table 10.01",
    titleZh: "佩恩表 10.01",
    kind: "panel",
    file: "pwt1001.csv.gz",
    entity: "countrycode",
    time: "year",
    rows: 12810,
    description:
      "183 countries × 1950–2019, all 52 PWT variables (real GDP, employment, hours, human capital, capital stock and services, TFP, labour share, …)",
    source: PWT_SOURCE,
    licence: "CC BY 4.0 (data); R package GPL-2|GPL-3",
  },
  {
    name: "china-provinces",
    title: "China provinces: codes, names and NBS regions",
    titleZh: "省级行政区代码、名称与四大区域",
    kind: "table",
    file: "china/province_codes.csv",
    entity: "adcode",
    rows: 31,
    description:
      "31 provinces: adcode (GB/T 2260), Chinese and English names, NBS four-region grouping (East/Central/West/Northeast), spellings used by other sources",
    source: ["Hand-made lookup table (GB/T 2260 codes; NBS regional grouping)"],
    licence: "public domain (facts)",
  },
  {
    name: "china-nbs-annual",
    title: "China provincial annual data (NBS), 2000–2019",
    titleZh: "国家统计局分省年度数据 2000–2019",
    kind: "panel",
    file: "china/prov_nbs_annual_2000_2019_long.csv.gz",
    entity: "adcode",
    time: "year",
    pivot: LONG_PIVOT,
    excludeEntities: ["100000"],
    rows: 38976,
    description:
      "31 provinces × 2000–2019, 78 variables (GDP and sectors, population, education, employment, wages, emissions, energy, digital economy, trade, higher education, fiscal). The national total (adcode 100000) is left out of the panel; export the dataset to see it.",
    source: NBS_PROV(
      "3112944976/National-Visualization-Web-Application @ 2e3008c519da42d6666213a07f73b9eca7dc8ef0 : 源数据/国家统计局分省年度数据/<category>/<table>.csv (2021 scrape of data.stats.gov.cn)",
    ),
    licence: "NBS data, free use with attribution; the source repository states no licence",
  },
  {
    name: "china-nbs-annual-2004-2024",
    title: "China provincial annual data (NBS), 2004–2024 vintages",
    titleZh: "国家统计局分省年度数据 2004–2024",
    kind: "panel",
    file: "china/prov_nbs_annual_2004_2024_long.csv.gz",
    entity: "adcode",
    time: "year",
    pivot: LONG_PIVOT,
    excludeEntities: ["100000"],
    rows: 5208,
    description:
      "GDP in two vintages (gdp_vintage2024, 2004–2023; gdp after the 2025 census revision, 2006–2024), GDP indices, sectors, urban employment, income, consumption, CPI, retail sales, fiscal revenue",
    source: NBS_PROV(
      "jialingzhang0730/Local_GDP_Estimates_Around_the_World @ 83f2a24b1673e2f6b89056db906398c566ebf340 (gdp_vintage2024); RenJiyi163/panel_data_analysis_for_thesis @ 756964b145f2ca33ab3c2390922b91e0070a2ed4 (gdp, employment); Liushenwuzhu-Alpaca/province-economy @ bf3e59b663223ed502be06b8ffb8e281fc2c41b5 and @ 46e915f3ce81ca7d577c865f57e7f8579cdd9b83 (other variables)",
    ),
    licence: "NBS data, free use with attribution",
  },
  {
    name: "china-employment",
    title: "China provincial employment, 1985–2024",
    titleZh: "分省就业人员 1985–2024",
    kind: "panel",
    file: "china/prov_employment_1985_2024_long.csv.gz",
    entity: "adcode",
    time: "year",
    pivot: LONG_PIVOT,
    rows: 1194,
    description:
      "emp_total (10,000 persons), 31 provinces, 1985–2018 (yearbook series) and 2020–2024 (NBS census-consistent series); 2019 missing; the two segments are not comparable",
    source: [
      "1985–2018: xxyyluo/WD @ 3814111b14eee0b283bb759c938e3424bda8305c : data/2021.8.6_provincialGPI_compenent_and_measurement.xlsx, sheet employment (provincial statistical yearbooks, compiled by Ji, Long, Luo, Wu, Su & Costanza)",
      "2020–2024: RenJiyi163/panel_data_analysis_for_thesis @ 756964b1… : 分省年度数据_整合.csv, column 就业人员数_万人 (sums to the NBS national totals)",
    ],
    licence: "NBS / provincial yearbook data; no licence stated by the compilers",
  },
  {
    name: "china-energy",
    title: "China provincial total energy consumption, 1998–2019",
    titleZh: "分省能源消费总量 1998–2019",
    kind: "panel",
    file: "china/prov_energy_consumption_1998_2019_long.csv.gz",
    entity: "adcode",
    time: "year",
    pivot: LONG_PIVOT,
    rows: 660,
    description:
      "energy_consumption (10,000 tce), 30 provinces (no Tibet) × 1998–2019, China Energy Statistical Yearbook totals",
    source: [
      "yaoyaoustc/carbondata @ 9ef43aa8a2b38936623b064378295e6aba77f784 : carbonemission-china.csv, column Energy_Consumption",
      "Original publisher: NBS, China Energy Statistical Yearbook",
    ],
    licence: "NBS data; the compilation states no licence",
  },
  {
    name: "china-capital-inputs",
    title: "China provincial capital-stock inputs, 1952–2022",
    titleZh: "分省资本存量核算基础数据 1952–2022",
    kind: "panel",
    file: "china/prov_gfcf_capital_inputs.csv.gz",
    entity: "adcode",
    time: "year",
    rows: 2157,
    columnMeta: {
      gfcf_100m_yuan_current: {
        unit: "100 million yuan, current prices",
        labelEn: "Gross fixed capital formation",
        labelZh: "固定资本形成总额",
      },
      gfcf_volume_index: { unit: "index", labelEn: "GFCF volume index", labelZh: "固定资本形成总额指数" },
      investment_price_index: {
        unit: "index, 1952 = 1",
        labelEn: "Investment price index",
        labelZh: "投资价格指数",
      },
      depreciation_100m_yuan_current: {
        unit: "100 million yuan, current prices",
        labelEn: "Depreciation",
        labelZh: "固定资产折旧",
      },
    },
    description:
      "Gross fixed capital formation (100M yuan, current), GFCF volume index, investment price index (1952 = 1), depreciation — inputs of the perpetual-inventory method (Zhang Jun 2008, δ = 9.6%)",
    source: [
      "common2016/CapitalStock @ 35640d3890bc7aa01a4a4ebd9facef6702bb153b : data/asset.rda (R package CHNCapitalStock 0.1.1 by Pu Chen, GPL-2; NBS data)",
    ],
    licence: "GPL-2 (R package); NBS data",
  },
  {
    name: "china-co2",
    title: "China provincial CO2 emissions (CEADs), 1997–2019",
    titleZh: "分省二氧化碳排放（CEADs）1997–2019",
    kind: "panel",
    file: "china/prov_co2_ceads_1997_2019.csv",
    entity: "adcode",
    time: "year",
    rows: 690,
    columnMeta: Object.fromEntries(
      [
        ["total", "Total", "总排放"],
        ["coal", "Coal", "煤炭"],
        ["oil", "Oil", "石油"],
        ["natural_gas", "Natural gas", "天然气"],
        ["process", "Process", "工业过程"],
        ["other_energy", "Other energy", "其他能源"],
      ].map(([k, en, zh]) => [
        `co2_${k!}_mt`,
        { unit: "Mt CO2", labelEn: `CO2 emissions: ${en!}`, labelZh: `二氧化碳排放：${zh!}` },
      ]),
    ),
    description:
      "Mt CO2, 30 provinces (no Tibet): total Scope 1 and its split into coal, oil, natural gas, process and other energy",
    source: [
      "Open-Earth-Foundation/OpenClimate @ 822037b737999c397f58b442a5a31e4098dd42e1 : harmonize/data/raw/CEADS_china_provinces/Emission_Inventories_for_30_Provinces_<year>.xlsx",
      "Publisher: CEADs (ceads.net). Cite Shan et al. 2016 (Applied Energy), 2018 and 2020 (Scientific Data), Guan et al. 2021 (Earth's Future)",
    ],
    licence: "free for research use with citation and a mention of CEADs",
  },
  {
    name: "china-sci-tech",
    title: "China provincial science and technology statistics, 2010–2023",
    titleZh: "中国科技统计年鉴分省数据 2010–2023",
    kind: "panel",
    file: "china/prov_sci_tech_long.csv.gz",
    entity: "adcode",
    time: "year",
    pivot: {
      id: ["adcode", "province_zh", "province_en", "year"],
      namesFrom: ["dataset", "variable"],
      values: "value",
      meta: { unit: "unit", labelEn: "label_en", labelZh: "label_zh" },
    },
    excludeEntities: ["100000"],
    rows: 24123,
    description:
      "R&D expenditure and intensity, R&D personnel, patents, international papers, high-tech industry, technology market, public budget. Variable names are <dataset>_<variable>. The national row (100000) is left out of the panel.",
    source: [
      "huhuaping/techme @ 9ad60a190dec4a56953da9c478d42cd44c80762a : data/{RDIntense,RDActivity,…,PublicBudget}.rda (China Statistical Yearbook on Science and Technology; package licence MIT)",
      "Original publisher: NBS / MOST statistical yearbooks",
    ],
    licence: "MIT (compilation); NBS/MOST data",
  },
  {
    name: "china-provinces-panel",
    title: "China provinces: joined panel for NQPF indices (NBS, S&T, energy, CO2, employment, regions)",
    titleZh: "省级新质生产力指标面板（统计、科技、能源、碳排放、就业、区域）",
    kind: "panel",
    file: "china/prov_nbs_annual_2000_2019_long.csv.gz",
    entity: "adcode",
    time: "year",
    compose: {
      datasets: ["china-nbs-annual", "china-sci-tech", "china-energy", "china-co2", "china-employment"],
      attributes: { dataset: "china-provinces", on: "adcode", columns: ["name_en", "region_nbs4"] },
    },
    rows: 1225,
    description:
      "31 provinces × 1985–2024 (most variables 2000–2019): china-nbs-annual, china-sci-tech, china-energy, china-co2 and china-employment joined on (adcode, year), with the English name and NBS region attached. The indicator systems in data/systems/ refer to its variables.",
    source: ["Composed from the bundled datasets named in the description; see each for provenance"],
    licence: "as the component datasets",
  },
  {
    name: "wdi-2013",
    title: "World Bank WDI extract (2013 vintage), 1980–2012",
    titleZh: "世界发展指标（2013 年版）",
    kind: "panel",
    file: "wdi/wdi_2013vintage_long.csv.gz",
    entity: "country_code",
    time: "year",
    pivot: { id: ["country_code", "year"], namesFrom: ["indicator_code"], values: "value" },
    rows: 75740,
    description:
      "16 indicators (R&D, researchers, patents, articles, high-tech exports, tertiary enrolment, CO2, energy, GDP, labour force, GFCF, manufacturing). An old vintage: for method tests and illustrations, not current figures.",
    source: [
      "ronnywang/worldbank @ dff56f37f6cc8b763d767fe9c55f9cdb9d40054d : WDI_bundle/parsed/<indicator>_WDI.csv (WDI downloaded December 2013)",
      "Publisher: World Bank WDI",
    ],
    licence: "CC BY 4.0",
  },
  dea(
    "dea-deap-eg1",
    "deap_eg1.csv",
    5,
    "Coelli's DEAP 2.1 example 1 (5 firms, y, x1, x2, prices)",
    "Coelli, Rao & Battese (1998); recovered from the published DEAP 2.1 output EG1-out.txt",
    { entity: "firm", licence: "published example" },
  ),
  dea(
    "dea-deap-eg4",
    "deap_eg4.csv",
    15,
    "DEAP 2.1 example 4, the Malmquist example: 5 firms × 3 years, y, x",
    "Reconstructed from the published DEAP 2.1 output (reproduces every published distance)",
    { kind: "panel", entity: "firm", time: "year", licence: "published example" },
  ),
  dea(
    "dea-cst2007-cost",
    "cst2007_cost_example.csv",
    3,
    "Cooper, Seiford & Tone (2007) cost-efficiency example",
    "Cooper, Seiford & Tone (2007), Data Envelopment Analysis, 2nd ed.; results as quoted in DataEnvelopmentAnalysis.jl test/deacost.jl",
    { licence: "published example" },
  ),
  dea(
    "dea-cst2007-sbm",
    "cst2007_sbm_example.csv",
    16,
    "Cooper, Seiford & Tone (2007) eight-DMU example (A–H) with SBM results",
    "DataEnvelopmentAnalysis.jl test/deaerg.jl @ 02fca36f (MIT)",
    { licence: "MIT (test values); published example" },
  ),
  dea(
    "dea-jl-malmquist",
    "jl_malmquist_example.csv",
    15,
    "Synthetic 5 DMUs × 3 periods Malmquist example",
    "DataEnvelopmentAnalysis.jl test/malmquist.jl @ 290feb40 (MIT)",
    { kind: "panel", entity: "dmu", time: "period", licence: "MIT" },
  ),
  dea(
    "dea-charnes1981",
    "benchmarking_charnes1981.csv",
    70,
    "Charnes, Cooper & Rhodes (1981) Program Follow Through: 70 school sites, 5 inputs, 3 outputs",
    BENCHMARKING,
    { entity: "firm" },
  ),
  dea(
    "dea-milk",
    "benchmarking_milkProd.csv",
    108,
    "Danish milk producers: milk, energy, vet, cows",
    BENCHMARKING,
  ),
  dea(
    "dea-norwood2004",
    "benchmarking_norWood2004.csv",
    113,
    "113 Norwegian forestry farmers, 2004",
    BENCHMARKING,
  ),
  dea(
    "dea-pigdata",
    "benchmarking_pigdata.csv",
    248,
    "248 multi-output pig and crop producers, with prices",
    BENCHMARKING,
  ),
  dea(
    "dea-projekt",
    "benchmarking_projekt.csv",
    101,
    "Accounting and production data for 101 milk producers",
    BENCHMARKING,
  ),
  dea(
    "dea-usagri",
    "productivity_usagri.csv",
    480,
    "USDA ERS US agriculture, 48 states × 1995–2004: 3 outputs, 4 inputs, quantities and prices",
    "cran/productivity @ 4bbd9e9b4175b291d0e9d3ffb7c09c6e69f82533 : data/usagri.RData (GPL-3); USDA ERS",
    { kind: "panel", entity: "States", time: "Years" },
  ),
  dea(
    "dea-coelli1998",
    "deaR_Coelli_1998.csv",
    5,
    "Coelli, Rao & Battese (1998): 2 inputs, 1 output, prices",
    DEAR("Coelli_1998"),
  ),
  dea(
    "dea-tone2001",
    "deaR_Tone2001.csv",
    5,
    "Tone (2001, EJOR 130) SBM example; results p.505",
    DEAR("Tone2001"),
  ),
  dea(
    "dea-tone2003",
    "deaR_Tone2003.csv",
    9,
    "Tone (2003) undesirable-output SBM example: x, good yg, bad yb; results pp.10–11",
    DEAR("Tone2003"),
  ),
  dea(
    "dea-hua-bian2007",
    "deaR_Hua_Bian_2007.csv",
    30,
    "Hua & Bian (2007) DEA with undesirable factors: 2 inputs, 2 good outputs, 1 bad output",
    DEAR("Hua_Bian_2007"),
  ),
  dea(
    "dea-grifell-lovell1999",
    "deaR_Grifell_Lovell_1999.csv",
    16,
    "Grifell-Tatjé & Lovell (1999) generalized Malmquist: 8 DMUs × 2 periods",
    DEAR("Grifell_Lovell_1999"),
    { kind: "panel", entity: "DMU", time: "Year" },
  ),
  dea(
    "dea-economy-long",
    "deaR_EconomyLong.csv",
    155,
    "Wang & Lan (2011): Chinese provincial industry, 31 regions × 2005–2009, Capital, Labor, GIOV",
    DEAR("EconomyLong"),
    { kind: "panel", entity: "DMUs", time: "Period" },
  ),
  dea("dea-fried1993", "deaR_Fried1993.csv", 11, "Ali & Seiford (1993) 11-DMU example", DEAR("Fried1993")),
  dea(
    "dea-power-plants",
    "deaR_Power_plants.csv",
    6,
    "Tone (2002) / Andersen & Petersen: 6 power plants (super-efficiency)",
    DEAR("Power_plants"),
  ),
  dea(
    "dea-electric-plants",
    "deaR_Electric_plants.csv",
    19,
    "Färe, Grosskopf & Kokkelenberg (1989): Illinois coal plants",
    DEAR("Electric_plants"),
  ),
  {
    name: "map-china-provinces",
    title: "China province boundaries (GeoJSON)",
    titleZh: "中国省级行政区边界",
    kind: "map",
    file: "geo/china_provinces.geojson",
    rows: 34,
    description:
      "31 provinces + Hong Kong, Macao, Taiwan; properties adcode, name_zh, name_zh_full, name_en, region_nbs4; coordinates rounded to 4 decimals",
    source: [
      "BarbarossaWang/cn-atlas @ 6e83a19923e39f2c0e58a0a7ad29b349b2a71b9f : provinces.json (derives from ruiduobao/shengshixian.com, 2023 edition)",
    ],
    licence: "ISC",
  },
  {
    name: "map-world",
    title: "World countries, Natural Earth 1:110m (GeoJSON)",
    titleZh: "世界国家边界",
    kind: "map",
    file: "geo/world_countries_110m.geojson",
    rows: 239,
    description: "Properties iso_a3 (joins PWT countrycode), iso_a2, iso_n3, name_en, name_zh, in_pwt1001",
    source: [
      "Surbowl/world-geo-json-zh @ 20f1eeffd03fe21992ee6d85ce77d78bc414096a : world.zh.json (Unlicense; Natural Earth is public domain); name_en added from world-atlas",
    ],
    licence: "Unlicense / public domain",
  },
  {
    name: "map-world-topo",
    title: "World countries, Natural Earth 1:110m (TopoJSON, world-atlas 2.0.2)",
    kind: "map",
    file: "geo/world_countries_110m.topojson",
    rows: 177,
    description: "world-atlas@2.0.2 countries-110m.json: objects countries and land; id = ISO 3166 numeric",
    source: ["world-atlas@2.0.2 npm package (ISC; Natural Earth 4.1.0, public domain)"],
    licence: "ISC",
  },
];

/** The spec of a bundled dataset, or undefined. */
export function findDataset(name: string): DatasetSpec | undefined {
  return DATASETS.find((d) => d.name === name);
}
