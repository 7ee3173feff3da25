/** nqpf — pure, browser-safe public API. Every export is listed by name. */
export {
  NqpfInputError,
  IssueCollector,
  formatIssues,
  formatLocation,
  isNqpfInputError,
  issuesToJson,
} from "./errors.js";
export type { InputIssue, IssueCode } from "./errors.js";
export {
  MISSING,
  MISSING_A,
  numberColumn,
  stringColumn,
  table,
  findColumn,
  getColumn,
  isMissing,
  cell,
  missingCount,
  takeRows,
  selectColumns,
  withColumn,
  withMeta,
  parseNumber,
  parseNumericColumn,
} from "./table/table.js";
export type {
  Column,
  ColumnMeta,
  NumberColumn,
  NumericStorage,
  StringColumn,
  Table,
  TableMeta,
  ValueLabels,
} from "./table/table.js";
export { panel, panelRow, panelVariables } from "./panel/panel.js";
export type { Panel, PanelOptions } from "./panel/panel.js";
export { guessPanelKeys } from "./panel/guess-keys.js";
export type { PanelKeys } from "./panel/guess-keys.js";
export { pivotWider, pivotLonger } from "./panel/reshape.js";
export type { PivotWiderOptions, PivotLongerOptions, MetaColumns, MetaField } from "./panel/reshape.js";
export { joinPanels, attachEntityAttributes } from "./panel/join.js";
export type { JoinHow, JoinPanelsOptions, AttachEntityAttributesOptions } from "./panel/join.js";
export { subsetPanel } from "./panel/subset.js";
export type { SubsetPanelOptions } from "./panel/subset.js";
export { panelBalance, balancedSubpanel, MISSING_PAIRS_LIMIT, GAP_TIMES_LIMIT } from "./panel/balance.js";
export type {
  PanelBalance,
  BalanceDrop,
  BalancedSubpanelOptions,
  BalancedSubpanel,
} from "./panel/balance.js";
export { lag, lead, difference, growthRate, panelDelta } from "./panel/lag.js";
export type { DerivedColumn, TimeShiftOptions, GrowthKind, GrowthRateOptions } from "./panel/lag.js";
export { parseExpression, evaluateExpression, deriveVariables } from "./panel/expression.js";
export type {
  Expression,
  BinaryOperator,
  UnaryOperator,
  FunctionName,
  EvaluateExpressionOptions,
  DeriveVariablesOptions,
  DeriveVariablesResult,
  DerivationReport,
} from "./panel/expression.js";
export { describeTable, describeColumn, summaryTable } from "./table/describe.js";
export type { ColumnSummary } from "./table/describe.js";
export { VERSION } from "./version.js";
export {
  matrix,
  fromRows,
  at,
  row,
  column,
  takeMatrixRows,
  takeMatrixColumns,
  toRows,
} from "./math/matrix.js";
export type { Matrix } from "./math/matrix.js";
export { fsum } from "./math/fsum.js";
export { symmetricEigen } from "./math/eigen.js";
export type { SymmetricEigenResult } from "./math/eigen.js";
export { logGamma, regularizedGammaP, regularizedGammaQ, chiSquareSurvival } from "./math/gamma.js";
export { normalize } from "./methods/composite/normalize.js";
export type {
  Direction,
  NormalizeMethod,
  MinMaxShift,
  NormalizeScope,
  NormalizeOptions,
  NormalizeResult,
} from "./methods/composite/normalize.js";
export { entropyWeights } from "./methods/composite/entropy-weights.js";
export type {
  EntropyMode,
  EntropyWeightsOptions,
  EntropyPeriodWeights,
  EntropyWeightsResult,
} from "./methods/composite/entropy-weights.js";
export { criticWeights } from "./methods/composite/critic-weights.js";
export type { CriticWeightsOptions, CriticWeightsResult } from "./methods/composite/critic-weights.js";
export {
  coefficientOfVariationWeights,
  standardDeviationWeights,
} from "./methods/composite/variation-weights.js";
export type {
  VariationWeightsOptions,
  VariationWeightsResult,
} from "./methods/composite/variation-weights.js";
export { combineWeights } from "./methods/composite/combine-weights.js";
export type {
  CombineMethod,
  CombineWeightsOptions,
  CombineWeightsResult,
} from "./methods/composite/combine-weights.js";
export { pcaWeights } from "./methods/composite/pca-weights.js";
export type {
  PcaRetain,
  PcaWeightsOptions,
  PcaDiagnosticsStatus,
  PcaWeightsResult,
} from "./methods/composite/pca-weights.js";
export { ahp, AHP_RANDOM_INDEX } from "./methods/composite/ahp.js";
export type { AhpMethod, AhpOptions, AhpResult } from "./methods/composite/ahp.js";
export { topsis } from "./methods/composite/topsis.js";
export type { TopsisOptions, TopsisStatus, TopsisResult } from "./methods/composite/topsis.js";
export { greyRelational } from "./methods/composite/grey-relational.js";
export type { GreyRelationalOptions, GreyRelationalResult } from "./methods/composite/grey-relational.js";
export {
  couplingCoordination,
  COORDINATION_LEVELS,
  COUPLING_CLASSES,
} from "./methods/composite/coupling-coordination.js";
export type {
  CouplingCoordinationOptions,
  CouplingStatus,
  CouplingCoordinationResult,
} from "./methods/composite/coupling-coordination.js";
export { obstacleDegree } from "./methods/composite/obstacle-degree.js";
export type {
  ObstacleDegreeOptions,
  ObstacleStatus,
  ObstacleDegreeResult,
} from "./methods/composite/obstacle-degree.js";
export { rankScores, spearman, rankStability } from "./methods/composite/ranks.js";
export type {
  RankScoresOptions,
  RankStabilityOptions,
  RankStabilityResult,
} from "./methods/composite/ranks.js";
export {
  parseIndicatorSystem,
  writeIndicatorSystem,
  isDimensionNode,
  systemLeaves,
  systemDimensions,
  indicatorVariables,
  systemVariables,
  findNode,
} from "./methods/composite/indicator-system.js";
export type {
  LocalizedText,
  BaseWeightMethod,
  CombinedWeightSpec,
  WeightSpec,
  DimensionNode,
  IndicatorNode,
  SystemNode,
  UnavailableIndicator,
  IndicatorSystem,
  ParseIndicatorSystemOptions,
  SystemLeaf,
  SystemDimension,
} from "./methods/composite/indicator-system.js";
export { compositeIndex } from "./methods/composite/composite-index.js";
export type {
  Aggregation,
  Hierarchy,
  IncompletePolicy,
  CompositeIndexOptions,
  WeightNode,
  CompositeIndexResult,
} from "./methods/composite/composite-index.js";
export { compositeIndexTables } from "./methods/composite/composite-index-tables.js";
export type { CompositeIndexTables } from "./methods/composite/composite-index-tables.js";
export { formatCells, headerLabel, noteLines, displayWidth } from "./table/format-cells.js";
export type { FormatCellsOptions, FormattedCell, FormattedCells } from "./table/format-cells.js";
export { solveLp, lpScratch } from "./lp/simplex.js";
export type { LpProblem, LpBasis, LpOptions, LpResult, LpSolver, LpScratch } from "./lp/simplex.js";
export type { LpStatus } from "./lp/lp-status.js";
export type {
  Rts,
  Orientation,
  UnitStatus,
  ReferenceSet,
  Peers,
  FrontierNames,
  FrontierCommon,
} from "./methods/frontier/types.js";
export { dea, deaWith } from "./methods/frontier/dea.js";
export type {
  DeaOptions,
  DeaResult,
  RtsClass,
  SlackMethod,
  EnvelopmentRequest,
  EnvelopmentResult,
  EnvelopmentRunner,
  EnvelopmentSettings,
} from "./methods/frontier/dea.js";
export { deaMultiplier } from "./methods/frontier/dea-multiplier.js";
export type { DeaMultiplierOptions, DeaMultiplierResult } from "./methods/frontier/dea-multiplier.js";
export { fdh } from "./methods/frontier/fdh.js";
export type { FdhOptions, FdhResult } from "./methods/frontier/fdh.js";
export { superEfficiency } from "./methods/frontier/super-efficiency.js";
export type { SuperEfficiencyOptions, SuperEfficiencyResult } from "./methods/frontier/super-efficiency.js";
export {
  deaTable,
  superEfficiencyTable,
  fdhTable,
  deaMultiplierTable,
} from "./methods/frontier/dea-table.js";
export { sbm, SBM_EFFICIENT_TOL } from "./methods/frontier/sbm.js";
export type { SbmOptions, SbmResult, SbmOrientation, SbmUnitModel } from "./methods/frontier/sbm.js";
export { sbmTable } from "./methods/frontier/sbm-table.js";
export { ddf, ddfTable } from "./methods/frontier/ddf.js";
export type {
  DdfOptions,
  DdfResult,
  DdfDirection,
  DirectionVectors,
  DdfVariant,
  DdfWeights,
  BadDisposability,
} from "./methods/frontier/ddf.js";
export { bindRows } from "./table/table.js";
export {
  periodPanel,
  technologyRows,
  referenceRows,
  adjacentPairs,
  TECHNOLOGIES,
} from "./methods/productivity/period-panel.js";
export type {
  PeriodPanel,
  PeriodPanelInput,
  PeriodPair,
  Technology,
} from "./methods/productivity/period-panel.js";
export type { IndexResult, IndexPair, IndexConvention } from "./methods/productivity/types.js";
export { malmquist, MALMQUIST_REFERENCE } from "./methods/productivity/malmquist.js";
export type {
  MalmquistDecomposition,
  MalmquistOptions,
  MalmquistResult,
} from "./methods/productivity/malmquist.js";
export { cumulativeIndex } from "./methods/productivity/cumulative.js";
export type { CumulativeIndexOptions, CumulativeIndexResult } from "./methods/productivity/cumulative.js";
export {
  cumulativeGroupTable,
  cumulativeIndexTable,
  indexSummaryTable,
  indexTable,
} from "./methods/productivity/index-table.js";
export type { IndexTableOptions } from "./methods/productivity/index-table.js";
export { growthAccounting, growthAccountingTables } from "./methods/productivity/growth-accounting.js";
export type {
  GrowthAccountingOptions,
  GrowthAccountingResult,
  GrowthAccountingTables,
  GrowthPairStatus,
  GrowthPeriodMean,
  GrowthEntityMean,
  LabourComponent,
  LabourComponentGrowth,
} from "./methods/productivity/growth-accounting.js";
export {
  perpetualInventory,
  perpetualInventoryTables,
  PIM_DEFAULT_DELTA,
  PIM_DEFAULT_INITIAL_YEARS,
} from "./methods/productivity/capital-stock.js";
export type {
  PerpetualInventoryOptions,
  PerpetualInventoryResult,
  PerpetualInventoryTables,
  PimInitialStock,
  PimStatus,
  InitialStockMethod,
  InitialTiming,
  DeflatorKind,
  GrowthMean,
} from "./methods/productivity/capital-stock.js";
export {
  malmquistLuenberger,
  MALMQUIST_LUENBERGER_REFERENCE,
} from "./methods/productivity/malmquist-luenberger.js";
export type {
  MalmquistLuenbergerOptions,
  GreenIndexOptions,
  GreenDistance,
  GreenDirection,
  GreenDirectionVectors,
  GreenDirectionBlock,
  GreenNames,
} from "./methods/productivity/malmquist-luenberger.js";
export { luenberger, LUENBERGER_REFERENCE } from "./methods/productivity/luenberger.js";
export type { LuenbergerOptions } from "./methods/productivity/luenberger.js";
export { leastSquares, studentTTwoSided, solveLinear } from "./math/least-squares.js";
export type {
  CovarianceType,
  LeastSquaresOptions,
  LeastSquaresResult,
  LeastSquaresStatus,
} from "./math/least-squares.js";
export {
  markov,
  markovClasses,
  markovTransitions,
  transitionProbabilities,
  markovPower,
  ergodicDistribution,
  markovHomogeneity,
  markovChiSquare,
  spatialLagMatrix,
  spatialMarkov,
  markovPanel,
  spatialMarkovPanel,
  markovTables,
  spatialMarkovTables,
  classLabels,
  panelMatrix,
  entityGroups,
} from "./methods/disparity/markov.js";
export type {
  MarkovScheme,
  EmptyRowPolicy,
  MarkovClassesOptions,
  MarkovClasses,
  ErgodicResult,
  MarkovOptions,
  MarkovResult,
  HomogeneityStatus,
  MarkovHomogeneityResult,
  ChiSquareTest,
  SpatialMarkovOptions,
  SpatialMarkovResult,
  PanelMatrixOptions,
  PanelMatrix,
  MarkovPanelOptions,
  MarkovPanelResult,
  SpatialMarkovPanelOptions,
  SpatialMarkovPanelResult,
  MarkovTablesOptions,
  MarkovTables,
  SpatialMarkovTables,
} from "./methods/disparity/markov.js";
export {
  sigmaConvergence,
  betaConvergence,
  sigmaConvergencePanel,
  betaConvergencePanel,
  sigmaConvergenceTables,
  betaConvergenceTables,
} from "./methods/disparity/convergence.js";
export type {
  FixedEffects,
  StandardErrorType,
  SigmaConvergenceOptions,
  DispersionTrend,
  SigmaConvergenceResult,
  BetaConvergenceOptions,
  SpeedStatus,
  BetaConvergenceResult,
  ConvergencePanelOptions,
  SigmaConvergencePanelResult,
  BetaConvergencePanelOptions,
  BetaConvergencePanelResult,
  SigmaConvergenceTables,
  BetaConvergenceTables,
} from "./methods/disparity/convergence.js";
export { seededRandom, shuffleInPlace, permutation, deriveSeed } from "./math/random.js";
export type { Random } from "./math/random.js";
export {
  EARTH_RADIUS_KM,
  spatialWeights,
  weightsIslands,
  rowStandardise,
  spatialLag,
  isSymmetric,
  weightOf,
  geoJsonUnits,
  unitCentroids,
  greatCircleDistance,
  contiguityWeights,
  inverseDistanceWeights,
  knnWeights,
  economicDistanceWeights,
  panelEntityMeans,
  alignWeights,
  weightsTable,
  weightsSummaryTable,
  weightsFromTable,
} from "./methods/spatial/weights.js";
export type {
  SpatialWeights,
  SpatialWeightsKind,
  IslandPolicy,
  IslandLink,
  GeoUnits,
  GeoJsonUnitsOptions,
  UnitPoints,
  ContiguityOptions,
  InverseDistanceOptions,
  KnnOptions,
  EconomicDistanceOptions,
  PanelMeansOptions,
  AlignWeightsOptions,
  WeightsFromTableOptions,
} from "./methods/spatial/weights.js";
export {
  moranI,
  localMoran,
  moranScatter,
  moranByYear,
  moranTable,
  localMoranTable,
  weightsConstants,
} from "./methods/spatial/moran.js";
export type {
  MoranLocation,
  MoranOptions,
  MoranMoments,
  MoranPermutationTest,
  MoranResult,
  MoranQuadrant,
  LocalMoranStatus,
  LocalMoranOptions,
  LocalMoranResult,
  MoranScatter,
  MoranByYearOptions,
  MoranByYearResult,
  MoranTableOptions,
  LocalMoranTableOptions,
} from "./methods/spatial/moran.js";
export {
  ALL_UNITS,
  DAGUM_REFERENCE,
  dagumGini,
  dagumGiniByPeriod,
  gini,
  periodSamples,
} from "./methods/disparity/gini.js";
export type {
  DagumGiniByPeriodResult,
  DagumGiniOptions,
  DagumGiniResult,
  DagumPair,
  PeriodSample,
  PeriodSamples,
  PeriodSamplesOptions,
  SampleProblem,
  SampleRequirements,
  ValueDomain,
} from "./methods/disparity/gini.js";
export { dagumGiniTables, leftOutNotes } from "./methods/disparity/gini-table.js";
export type { DagumGiniTables } from "./methods/disparity/gini-table.js";
export {
  THEIL_REFERENCE,
  coefficientOfVariation,
  sdLog,
  theil,
  theilByPeriod,
} from "./methods/disparity/theil.js";
export type {
  TheilByPeriodOptions,
  TheilByPeriodResult,
  TheilOptions,
  TheilResult,
} from "./methods/disparity/theil.js";
export { theilTables } from "./methods/disparity/theil-table.js";
export type { TheilTables } from "./methods/disparity/theil-table.js";
export {
  BANDWIDTH_RULES,
  KERNELS,
  KERNEL_DENSITY_REFERENCE,
  bandwidth,
  densityPeaks,
  kernelDensity,
  kernelDensityByPeriod,
} from "./methods/disparity/kernel-density.js";
export type {
  BandwidthRule,
  DataSummary,
  DensityPeaks,
  Kernel,
  KernelDensityByPeriodOptions,
  KernelDensityByPeriodResult,
  KernelDensityEstimate,
  KernelDensityOptions,
  KernelDensityResult,
} from "./methods/disparity/kernel-density.js";
export { kernelDensityTables } from "./methods/disparity/kernel-density-table.js";
export type { KernelDensityTables } from "./methods/disparity/kernel-density-table.js";
export { parseStudy } from "./study/schema.js";
export { validateStudy, runStudy } from "./study/run.js";
export { STUDY_TEMPLATES } from "./study/templates.js";
export type { StudyRunResult, StepResult, FigureSpec, FigureSeries, MapValue } from "./study/types.js";
export type { StudyIO } from "./study/data.js";
export type { Study, NormalizedStudy } from "./study/schema.js";
