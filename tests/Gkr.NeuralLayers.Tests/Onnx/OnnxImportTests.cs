using Gkr.NeuralLayers.Model;
using Gkr.NeuralLayers.Onnx;
using Gkr.NeuralLayers.Proving;
using Gkr.NeuralLayers.Reference;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using Xunit.Abstractions;

namespace Gkr.NeuralLayers.Tests.Onnx;

public sealed class OnnxImportTests(ITestOutputHelper output)
{
    public static TheoryData<string> Networks => ["mlp", "lenet-max", "lenet-avg", "residual"];

    private static byte[] Bytes(string name) => name switch
    {
        "mlp" => OnnxModels.Mlp(),
        "lenet-max" => OnnxModels.LeNet(averagePool: false),
        "lenet-avg" => OnnxModels.LeNet(averagePool: true),
        _ => OnnxModels.Residual(),
    };

    private static int Argmax(ReadOnlySpan<float> v)
    {
        int best = 0;
        for (int i = 1; i < v.Length; i++)
        {
            best = v[i] > v[best] ? i : best;
        }

        return best;
    }

    [Theory]
    [MemberData(nameof(Networks))]
    public void QuantizedArgmaxAgreesWithOnnxRuntime(string name)
    {
        byte[] bytes = Bytes(name);
        FloatNetwork network = OnnxImporter.Import(OnnxModel.Load(bytes));
        int length = network.InputLength;
        QuantizedNetwork quantized = OnnxImporter.Quantize(network, OnnxModels.Samples(100, length, 1000));
        float[][] test = OnnxModels.Samples(300, length, 5000);

        using var session = new InferenceSession(bytes);
        int[] dims = [1, .. network.InputShape];
        int agree = 0;
        foreach (float[] sample in test)
        {
            var tensor = new DenseTensor<float>(sample, dims);
            using var results = session.Run([NamedOnnxValue.CreateFromTensor("input", tensor)]);
            float[] reference = [.. results[0].AsEnumerable<float>()];
            Assert.Equal(Argmax(network.Evaluate(sample)), Argmax(reference));

            InferenceTrace trace = ReferenceInference.Run(quantized.Model, quantized.QuantizeInput(sample));
            long[] logits = trace.Output.ToInt64();
            int q = Array.IndexOf(logits, logits.Max());
            agree += q == Argmax(reference) ? 1 : 0;
        }

        double rate = agree / (double)test.Length;
        output.WriteLine($"{name}: argmax agreement {agree}/{test.Length} = {rate:P2}; layers: {string.Join("; ", network.Describe())}");
        Assert.True(rate >= 0.99, $"{name}: agreement {rate:P2}");
    }

    [Fact]
    public void MlpDropsSoftmaxAndFoldsBiasAndClip()
    {
        FloatNetwork network = OnnxImporter.Import(OnnxModel.Load(OnnxModels.Mlp()));
        Assert.Equal("Softmax", network.DroppedOutputOp);
        Assert.Equal(["Dense", "Dense", "Dense"], network.Describe().Select(d => d.Split(' ')[0]));
    }

    [Fact]
    public void PureTransposeImportsAsReshapeAndLogSoftmaxIsDropped()
    {
        var b = new OnnxBuilder(5);
        string x = b.Op("Conv", ["input", b.Random([3, 2, 1, 3], 0.5)]);
        x = b.Op("Identity", [x]);
        x = b.Op("Relu", [x]);
        x = b.Op("Transpose", [x], ("perm", new long[] { 0, 2, 1, 3 }));
        x = b.Op("Transpose", [x], ("perm", new long[] { 0, 2, 1, 3 }));
        x = b.Op("Flatten", [x]);
        x = b.Op("Gemm", [x, b.Random([6, 9], 0.5)], ("transB", 1L));
        x = b.Op("LogSoftmax", [x], ("axis", 1L));
        FloatNetwork network = OnnxImporter.Import(OnnxModel.Load(b.Build([1, 2, 1, 5], x)));
        Assert.Equal("LogSoftmax", network.DroppedOutputOp);
        Assert.Equal(["Conv", "Reshape", "Reshape", "Reshape", "Dense"], network.Describe().Select(d => d.Split(' ')[0]));
        QuantizedNetwork q = OnnxImporter.Quantize(network, OnnxModels.Samples(10, network.InputLength, 2));
        Assert.Contains(q.Model.Layers, l => l is Reshape);
    }

    [Fact]
    public void ResidualImportsAsResidualAddWithRequantize()
    {
        FloatNetwork network = OnnxImporter.Import(OnnxModel.Load(OnnxModels.Residual()));
        QuantizedNetwork q = OnnxImporter.Quantize(network, OnnxModels.Samples(20, network.InputLength, 7));
        Assert.Contains(q.Model.Layers, l => l is ResidualAdd);
        Assert.Contains(q.Model.Layers, l => l is SumPool2d);
        Assert.IsType<Dense>(q.Model.Layers[^1]);
    }

    [Fact]
    public void AveragePoolBecomesSumPoolThenRequantize()
    {
        QuantizedNetwork q = Quantize(OnnxModels.LeNet(averagePool: true));
        int pool = q.Model.Layers.ToList().FindIndex(l => l is SumPool2d);
        Assert.IsType<Requantize>(q.Model.Layers[pool + 1]);
    }

    [Fact]
    public void PercentileAndInt8CalibrationImport()
    {
        FloatNetwork network = OnnxImporter.Import(OnnxModel.Load(OnnxModels.LeNet(averagePool: false)));
        QuantizedNetwork q = OnnxImporter.Quantize(network, OnnxModels.Samples(20, network.InputLength, 3),
            new QuantizationOptions { Calibration = CalibrationMethod.Percentile, Percentile = 99.9, ActivationType = QuantizedType.Int8 });
        Assert.Equal(QuantizedType.Int8, q.Model.Input.Type);
    }

    [Fact]
    public void ImportedMlpProvesAndVerifies()
    {
        QuantizedNetwork q = Quantize(OnnxModels.Mlp());
        int[] sample = q.QuantizeInput(OnnxModels.Samples(1, 16, 99)[0]);
        var prover = new ModelProver(q.Model);
        ModelProof proof = prover.Prove([sample]);
        ModelOutputs verified = new ModelVerifier(q.Model, 1, prover.WeightCommitment).Verify(proof.Statement, proof.ProofBytes.AsSpan());
        Assert.Equal(ReferenceInference.Run(q.Model, sample).Output.ToInt64(), verified.Values[0]);
    }

    [Fact]
    public void ExternalDataIsReadRelativeToTheModel()
    {
        string dir = Directory.CreateTempSubdirectory("gkr-onnx").FullName;
        var values = new float[] { 1, 2, 3, 4, 5, 6 };
        var t = new Gkr.NeuralLayers.Onnx.Proto.TensorProto { Name = "w", DataType = 1, DataLocation = Gkr.NeuralLayers.Onnx.Proto.TensorProto.Types.DataLocation.External };
        t.Dims.AddRange([3, 2]);
        t.ExternalData.Add(new Gkr.NeuralLayers.Onnx.Proto.StringStringEntryProto { Key = "location", Value = "w.bin" });
        t.ExternalData.Add(new Gkr.NeuralLayers.Onnx.Proto.StringStringEntryProto { Key = "offset", Value = "4" });
        File.WriteAllBytes(Path.Combine(dir, "w.bin"), [0, 0, 0, 0, .. values.SelectMany(BitConverter.GetBytes)]);
        string path = Path.Combine(dir, "m.onnx");
        File.WriteAllBytes(path, WithInitializer(t));
        OnnxModel model = OnnxModel.Load(path);
        Assert.Equal(values, model.Initializers["w"].Values);

        t.ExternalData[0].Value = "../escape.bin";
        File.WriteAllBytes(path, WithInitializer(t));
        Assert.Contains("leaves the model's directory", Assert.Throws<OnnxImportException>(() => OnnxModel.Load(path)).Message);
    }

    [Fact]
    public void RawDataAndSmallTypesDecode()
    {
        var t = new Gkr.NeuralLayers.Onnx.Proto.TensorProto { Name = "h", DataType = 10, RawData = Google.Protobuf.ByteString.CopyFrom([.. BitConverter.GetBytes((Half)1.5), .. BitConverter.GetBytes((Half)(-2))]) };
        t.Dims.Add(2);
        Assert.Equal([1.5f, -2f], OnnxModel.Load(WithInitializer(t)).Initializers["h"].Values);
        var i8 = new Gkr.NeuralLayers.Onnx.Proto.TensorProto { Name = "i", DataType = 3 };
        i8.Dims.Add(2);
        i8.Int32Data.AddRange([-5, 7]);
        Assert.Equal([-5f, 7f], OnnxModel.Load(WithInitializer(i8)).Initializers["i"].Values);
        t.Dims[0] = 3;
        Assert.Contains("raw_data", Assert.Throws<OnnxImportException>(() => OnnxModel.Load(WithInitializer(t))).Message);
    }

    private static byte[] WithInitializer(Gkr.NeuralLayers.Onnx.Proto.TensorProto t)
    {
        var m = Gkr.NeuralLayers.Onnx.Proto.ModelProto.Parser.ParseFrom(OnnxModels.Mlp());
        m.Graph.Initializer.Add(t);
        return Google.Protobuf.MessageExtensions.ToByteArray(m);
    }

    private static QuantizedNetwork Quantize(byte[] bytes)
    {
        FloatNetwork network = OnnxImporter.Import(OnnxModel.Load(bytes));
        return OnnxImporter.Quantize(network, OnnxModels.Samples(50, network.InputLength, 11));
    }
}
