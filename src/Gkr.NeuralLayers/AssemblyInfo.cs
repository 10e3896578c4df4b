// Gkr.NeuralLayers: quantized tensors and zkCNN-style layers (Dense, Conv2d, ReLU, pooling, rescale)
// built on Gkr.Protocol. The layers arrive with the neural-network issues; this assembly fixes its
// place in the dependency order (Cli -> NeuralLayers -> Protocol -> Field) from the start.
[assembly: System.CLSCompliant(false)]
