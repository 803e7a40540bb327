// The nn library: every stage of the pipeline as a typed function. The CLI is built on these.

export type { Diagnostic, Note, Result, Severity, Span } from './diagnostics/diagnostic.js';
export { renderDiagnostic, renderDiagnostics, positionOf } from './diagnostics/render.js';

export type * as Ast from './parse/ast.js';
export { parse, type ParseResult } from './parse/parse.js';

export { loadProgram, type LoadedFile, type LoadResult, type Program, type SourceHost } from './load/load.js';
export { check } from './check/check.js';
export type { Bit, CircuitDef, Model, NeuronDef, PartDef, TestDef, TestRow, Training } from './check/model.js';

export { elaborate, neuronCount, DEFAULT_MAX_NEURONS, type ElaborateOptions } from './elaborate/elaborate.js';
export { hiddenNeurons, type NetNeuron, type NetOutput, type Netlist, type Scope, type Signal } from './elaborate/netlist.js';

export { compile, type CompiledCircuit } from './evaluate/compile.js';
export { evaluate, type Evaluation, type NeuronTrace } from './evaluate/evaluate.js';
export {
  truthTable, tableLayout, forEachRow, checkRowLimit, RowCursor, DEFAULT_MAX_ROWS,
  type TableLayout, type TableRow, type Column,
} from './evaluate/table.js';
export { writeTable, TABLE_FORMATS, type TableFormat, type Sink } from './evaluate/table-format.js';
export { runTest, type RowFailure, type TestResult } from './evaluate/test-runner.js';

export { trainPerceptron, DEFAULT_TRAIN_OPTIONS, type Examples, type TrainOptions, type TrainResult } from './train/perceptron.js';
export { decideSeparability, describeCertificate, type Certificate, type Separability } from './train/separability.js';
export { smallestIntegerWeights } from './train/integer-weights.js';
export { parseDataset } from './train/dataset.js';
export { fitModel, type FitOptions, type FitReport } from './train/fit.js';

export { load, checkFile, build, defaultPart, nodeHost, type Loaded, type LoadOptions } from './pipeline.js';

export { toDot, type DotOptions } from './render/dot.js';
export { renderSvg, GraphvizError } from './render/graphviz.js';
export { svgToPng, type PngOptions } from './render/png.js';
export {
  plotDecisionBoundary, plotErrors, plotHiddenSpace,
  type DecisionBoundaryPlot, type ErrorsPlot, type HiddenSpacePlot, type PlotPoint,
} from './plot/plots.js';
export { decisionBoundaryFigure, errorsFigure, hiddenSpaceFigure } from './plot/figures.js';
