// Gkr.NeuralLayers: quantized models (Model/), their integer reference inference (Reference/) and overflow
// analysis (Analysis/), groundwork for proving them with Gkr.Protocol; the dependency order is
// Cli -> NeuralLayers -> Protocol -> Field.
[assembly: System.CLSCompliant(false)]
