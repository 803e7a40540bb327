// The nn library: every stage of the pipeline as a typed function. The CLI is built on these.

export type { Diagnostic, Note, Result, Severity, Span } from './diagnostics/diagnostic.js';
export { renderDiagnostic, renderDiagnostics, positionOf } from './diagnostics/render.js';

export type * as Ast from './parse/ast.js';
export { parse, type ParseResult } from './parse/parse.js';

export * as Exact from './arith/rational.js';
export { integerForm, preActivation, type IntegerNeuron } from './arith/neuron.js';

export { loadProgram, type LoadedFile, type LoadResult, type Program, type SourceHost } from './load/load.js';
export { check } from './check/check.js';
export type { AssertDef, Bit, CircuitDef, CircuitInstance, Model, NeuronDef, NeuronWeights, PartDef, TestDef, TestRow, TrainedWeights, Training } from './check/model.js';
export type { CircuitTraining, LayerOptionsSpec, TrainedCircuits } from './check/model.js';

export { circuitsToFit, elaborate, neuronCount, neuronsUsed, DEFAULT_MAX_NEURONS, type ElaborateOptions } from './elaborate/elaborate.js';
export { hiddenNeurons, isCombinational, type InstancePort, type NetInstance, type NetNeuron, type NetOutput, type NetRegister, type Netlist, type Scope, type Signal } from './elaborate/netlist.js';

export { compile, inputSignal, neuronSignal, signalOf, type CompiledCircuit } from './evaluate/compile.js';
export { Block, newBlock, rowCount, setExhaustive, setRows, sweep, type BlockRunner, type CircuitShape, type Engine } from './evaluate/engine.js';
export { engineFor, bitEngine, type EngineOptions } from './evaluate/engines.js';
export { rowEngine } from './evaluate/row-engine.js';
export { compileBits, type BitProgram, type BitStep, type BitCompileOptions } from './evaluate/bit-compile.js';
export { bitRunner } from './evaluate/bit-engine.js';
export {
  countRows, countBlock, emptyCounts, addCounts, firstZeroIn, DEFAULT_MAX_COUNT_ROWS, MAX_COMBINATION_OUTPUTS,
  type RowCounts, type RowRange, type RowProgress, type ZeroSearch,
} from './evaluate/count.js';
export { formatCounts, COUNT_FORMATS, type CountFormat } from './evaluate/count-format.js';
export { singleThread, type Sweeper } from './evaluate/sweeper.js';
export { evaluate, type Evaluation, type NeuronTrace } from './evaluate/evaluate.js';
export { truthTable, tableLayout, checkRowLimit, DEFAULT_MAX_ROWS, type TableLayout, type TableRow, type Column } from './evaluate/table.js';
export { writeTable, tableShape, formatRange, TABLE_FORMATS, type TableFormat, type TableShape, type Sink } from './evaluate/table-format.js';
export { rowsWriter, fillRows, type RowsWriter } from './evaluate/table-rows.js';
export { runTest, type RowFailure, type TestResult } from './evaluate/test-runner.js';

export {
  proveAlways, proveEquivalent, DEFAULT_MAX_EXHAUSTIVE_ROWS,
  type Counterexample, type Equivalence, type Method, type ProveOptions, type Verdict,
} from './verify/prove.js';
export { miter, EQUAL, type Miter, type Pairing } from './verify/miter.js';
export {
  compileAssert, proveAssert, proveEquivalence, exprText,
  type CompiledAssert, type EquivalenceProof, type Failure, type PortValue, type Proof,
} from './verify/asserts.js';
export { assertCircuit, valueCircuit, AssertUnsupported, MAX_ASSERT_BITS } from './verify/assert-circuit.js';
export { describeFailure } from './verify/describe.js';
export { encodeCircuit, type Cnf, type Encoded } from './verify/cnf.js';
export { inThreadSat, solveWith, type SatBackend, type SatOutcome } from './verify/sat.js';
export { solverModule, type SolverModule } from './verify/solver-module.js';

export { trainPerceptron, DEFAULT_TRAIN_OPTIONS, type Examples, type TrainOptions, type TrainResult } from './train/perceptron.js';
export { decideSeparability, type Separability } from './train/separability.js';
export { checkCertificate, describeCertificate, type Certificate } from './train/certificate.js';
export { smallestIntegerWeights } from './train/integer-weights.js';
export { parseDataset } from './train/dataset.js';
export { fitNeurons, type FitOptions, type FitOutcome, type FitReport, type IntegerWeights } from './train/fit.js';
export { fitCircuits, shapeWords, type CircuitFitOutcome, type CircuitFitReport, type FittedNeuron } from './train/fit-circuit.js';
export { circuitSource } from './train/emit.js';

export {
  load, build, buildNetlist, buildMachine, defaultPart, nodeHost, Trainer, withTrainedCircuits,
  type Built, type BuiltMachine, type BuiltNetlist, type BuildOptions, type Loaded, type LoadOptions,
} from './pipeline.js';

export { compileMachine, type Component, type Machine } from './simulate/machine.js';
export { Simulation, type SimulationOptions } from './simulate/simulation.js';
export { settleLoop, MAX_SETTLE_STEPS, type Oscillation } from './simulate/settle.js';
export { oscillationDiagnostic } from './simulate/report.js';
export {
  runTicks, traceLayout, traceWriter, columnValue, TRACE_FORMATS,
  type RunResult, type TextSink, type TickVisitor, type TraceColumn, type TraceFormat, type TraceLayout,
} from './simulate/trace.js';
export { vcdWriter, type ByteSink, type VcdOptions } from './simulate/vcd.js';
export { waveformSvg, MAX_WAVEFORM_TICKS, type Waveform, type WaveSignal } from './simulate/waveform.js';
export { runSequence, stateColumns, type SequenceResult, type TickFailure } from './simulate/sequence.js';
export { stateTableLayout, stateTableRows, writeStateTable, STATE_TABLE_FORMATS, type StateTableFormat, type StateTableLayout } from './simulate/state-table.js';
export { stimulusFromCsv, stimulusFromLists, stimulusFromTest, type Stimulus } from './simulate/stimulus.js';

export { toDot, type DotOptions } from './render/dot.js';
export { renderSvg, GraphvizError } from './render/graphviz.js';
export { svgToPng, type PngOptions } from './render/png.js';
export {
  plotDecisionBoundary, plotErrors, plotHiddenSpace,
  type DecisionBoundaryPlot, type ErrorsPlot, type HiddenSpacePlot, type PlotPoint,
} from './plot/plots.js';
export { circuitErrorsFigure, decisionBoundaryFigure, errorsFigure, hiddenSpaceFigure } from './plot/figures.js';

export {
  synthesize, AUTO_EXACT_INPUTS, AUTO_TIME_LIMIT, type Synthesis, type SynthesizeOptions, type SynthMethod,
} from './synth/synthesize.js';
export { exactSynthesis, type ExactOptions, type ExactOutcome } from './synth/exact.js';
export { constructiveSynthesis, constructiveBound, type ConstructiveOptions, type ConstructiveOutcome } from './synth/constructive.js';
export { decideNeuron, type CertificateTerm, type LabelledPoints, type NeuronDecision } from './train/threshold.js';
export { thresholdFunctions, decideMask } from './synth/threshold-functions.js';
export { murogaBound } from './train/bounds.js';
export { tableFromFunction, MAX_SYNTH_INPUTS, type TruthTable } from './train/truth-table.js';
export { readCsvTable, type CsvTableOptions } from './synth/read-csv.js';
export { readPlaTable, type PlaTableOptions } from './synth/read-pla.js';
export { readTableFile, tableFileKind, type TableFileKind, type TableFileOptions } from './synth/read-file.js';
export { tableOfPart, tableFromTests, tableFromTraining, type TableSource } from './synth/read-nn.js';
export { emitNetwork } from './synth/emit.js';
export { verifySource, type Verification } from './synth/verify.js';
export {
  evaluateNetwork, networkDepth, isLayered, type SynthNeuron, type ThresholdNetwork,
} from './train/network.js';
export { fitShape, type ShapeFit, type ShapeOptions } from './train/hidden.js';
export { trainLayers, DEFAULT_GRADIENT_OPTIONS, type GradientOptions, type GradientResult, type LabelledData } from './train/gradient.js';
