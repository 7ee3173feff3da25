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
