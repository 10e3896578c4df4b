using Gkr.NeuralLayers.Onnx.Proto;
using AttrType = Gkr.NeuralLayers.Onnx.Proto.AttributeProto.Types.AttributeType;

namespace Gkr.NeuralLayers.Onnx;

/// <summary>
/// Walks an ONNX graph in its (topological) node order and builds the <see cref="FloatNetwork"/> chain: each node reads
/// the latest value, folding BatchNormalization, bias Adds and activations into the layer before them.
/// </summary>
internal sealed class OnnxGraphImport
{
    private const int Input = -1;

    private readonly OnnxModel _model;
    private readonly List<FloatLayer> _layers = [];
    private readonly List<int[]> _shapes = [];
    private readonly Dictionary<string, int> _values = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _uses = new(StringComparer.Ordinal);
    private readonly int[] _inputShape;
    private string? _dropped;

    private OnnxGraphImport(OnnxModel model, int[] inputShape)
    {
        _model = model;
        _inputShape = inputShape;
    }

    public static FloatNetwork Run(OnnxModel model)
    {
        GraphProto graph = model.Graph;
        ValueInfoProto[] inputs = [.. graph.Input.Where(i => !model.Initializers.ContainsKey(i.Name))];
        if (inputs.Length != 1)
        {
            throw new OnnxImportException($"the graph has {inputs.Length} non-constant inputs; supported: exactly one.");
        }

        if (graph.Output.Count != 1)
        {
            throw new OnnxImportException($"the graph has {graph.Output.Count} outputs; supported: exactly one.");
        }

        var import = new OnnxGraphImport(model, InputShape(inputs[0]));
        import._values[inputs[0].Name] = Input;
        foreach (NodeProto node in graph.Node)
        {
            foreach (string input in node.Input)
            {
                import._uses[input] = import._uses.GetValueOrDefault(input) + 1;
            }
        }

        for (int n = 0; n < graph.Node.Count; n++)
        {
            import.Node(graph.Node[n], isLast: n == graph.Node.Count - 1, graph.Output[0].Name);
        }

        if (import._layers.Count == 0)
        {
            throw new OnnxImportException("the graph has no computing node.");
        }

        if (!import._values.TryGetValue(graph.Output[0].Name, out int output) || output != import._layers.Count - 1)
        {
            throw new OnnxImportException($"the graph output '{graph.Output[0].Name}' is not the value of the last layer.");
        }

        return new FloatNetwork(import._inputShape, import._layers, import._shapes, import._dropped);
    }

    private static int[] InputShape(ValueInfoProto input)
    {
        TensorShapeProto? shape = input.Type?.TensorType?.Shape;
        if (shape is null || shape.Dim.Count is not (2 or 4))
        {
            throw new OnnxImportException($"the graph input '{input.Name}' must be a tensor [N, features] or [N, C, H, W] with a known shape.");
        }

        int[] dims = new int[shape.Dim.Count - 1];
        for (int i = 1; i < shape.Dim.Count; i++)
        {
            long d = shape.Dim[i].DimValue;
            if (shape.Dim[i].ValueCase != TensorShapeProto.Types.Dimension.ValueOneofCase.DimValue || d is < 1 or > 1 << 16)
            {
                throw new OnnxImportException($"the graph input '{input.Name}' has dimension {i} '{shape.Dim[i]}'; only the batch dimension may be symbolic.");
            }

            dims[i - 1] = (int)d;
        }

        if (dims.Aggregate(1L, static (a, b) => a * b) > Model.TensorShape.MaxElements)
        {
            throw new OnnxImportException($"the graph input '{input.Name}' has more than {Model.TensorShape.MaxElements} elements.");
        }

        long batch = shape.Dim[0].DimValue;
        if (shape.Dim[0].ValueCase == TensorShapeProto.Types.Dimension.ValueOneofCase.DimValue && batch != 1)
        {
            throw new OnnxImportException($"the graph input '{input.Name}' has batch dimension {batch}; supported: 1 or symbolic.");
        }

        return dims;
    }

    private int Latest => _layers.Count - 1;

    /// <summary>True when the latest value, under all its names, is read by one node only (so a fold changes no other reader).</summary>
    private bool LatestReadOnce => _values.Where(kv => kv.Value == Latest).Sum(kv => _uses.GetValueOrDefault(kv.Key)) <= 1;

    private int[] LatestShape => _layers.Count == 0 ? _inputShape : _shapes[^1];

    private void Node(NodeProto node, bool isLast, string graphOutput)
    {
        string name = node.Name.Length > 0 ? node.Name : node.Output.FirstOrDefault() ?? "?";
        var ctx = new NodeContext(node, name, this);
        if (node.Domain is not ("" or "ai.onnx"))
        {
            throw ctx.Error($"domain '{node.Domain}' is not supported; supported: the default ONNX domain.");
        }

        if (node.Output.Count == 0)
        {
            throw ctx.Error("the node has no output.");
        }

        switch (node.OpType)
        {
            case "Conv": Conv(ctx); break;
            case "Gemm": Gemm(ctx); break;
            case "MatMul": MatMul(ctx); break;
            case "Add": Add(ctx); break;
            case "Relu": ctx.Attributes(); Activation(ctx, new FloatActivation(0, float.PositiveInfinity)); break;
            case "Clip": Clip(ctx); break;
            case "MaxPool": Pool(ctx, max: true); break;
            case "AveragePool": Pool(ctx, max: false); break;
            case "GlobalAveragePool": GlobalAveragePool(ctx); break;
            case "Flatten": Flatten(ctx); break;
            case "Reshape": Reshape(ctx); break;
            case "Transpose": Transpose(ctx); break;
            case "BatchNormalization": BatchNorm(ctx); break;
            case "Dropout" or "Identity":
                ctx.Attributes("ratio", "seed", "training_mode");
                _values[node.Output[0]] = ctx.Data(0);
                if (_uses.GetValueOrDefault(node.Input[0]) == 1)
                {
                    _values.Remove(node.Input[0]); // read only here: the alias replaces the name
                }

                break;
            case "Softmax" or "LogSoftmax" when isLast && node.Output[0] == graphOutput:
                ctx.Attributes("axis");
                _values[node.Output[0]] = ctx.Data(0);
                _dropped = node.OpType;
                break;
            default:
                throw ctx.Error($"operator {node.OpType} is not supported; supported: Conv, Gemm, MatMul, Add, Relu, Clip, MaxPool, AveragePool, GlobalAveragePool, Flatten, Reshape, Transpose (pure reshape), BatchNormalization, Dropout, Identity, and Softmax/LogSoftmax as the graph output.");
        }
    }

    private void Push(NodeContext ctx, FloatLayer layer, int[] shape)
    {
        _layers.Add(layer);
        _shapes.Add(shape);
        _values[ctx.Node.Output[0]] = Latest;
    }

    /// <summary>Replaces the latest layer (a fold) and maps the node's output to it.</summary>
    private void ReplaceLatest(NodeContext ctx, FloatLayer layer)
    {
        _layers[^1] = layer;

        // The names of the value before the fold no longer denote it (LatestReadOnce made sure nothing else reads them).
        foreach (string stale in _values.Where(kv => kv.Value == Latest).Select(kv => kv.Key).ToArray())
        {
            _values.Remove(stale);
        }

        _values[ctx.Node.Output[0]] = Latest;
    }

    private void Conv(NodeContext ctx)
    {
        ctx.Attributes("kernel_shape", "strides", "pads", "dilations", "group", "auto_pad");
        ctx.RequireLatest(0);
        int[] shape = LatestShape;
        if (shape.Length != 3)
        {
            throw ctx.Error($"the input has shape [{string.Join(", ", shape)}]; Conv needs [N, C, H, W].");
        }

        OnnxTensor w = ctx.Constant(1, "weight");
        if (w.Dims.Length != 4 || w.Dims[1] != shape[0])
        {
            throw ctx.Error($"weight '{w.Name}' has shape [{string.Join(", ", w.Dims)}]; supported: [C_out, {shape[0]}, kh, kw] (2-D convolution).");
        }

        if (ctx.Int("group", 1) != 1)
        {
            throw ctx.Error($"attribute group = {ctx.Int("group", 1)} is not supported; supported: group = 1.");
        }

        if (ctx.Ints("dilations") is { } dil && dil.Any(static d => d != 1))
        {
            throw ctx.Error($"attribute dilations = [{string.Join(", ", dil)}] is not supported; supported: all 1.");
        }

        if (ctx.Ints("kernel_shape") is { } ks && (ks.Length != 2 || ks[0] != w.Dims[2] || ks[1] != w.Dims[3]))
        {
            throw ctx.Error($"attribute kernel_shape = [{string.Join(", ", ks)}] does not match the weight [{string.Join(", ", w.Dims)}].");
        }

        (int sh, int sw) = ctx.Strides();
        (int ph, int pw) = ctx.SymmetricPads();
        float[] bias = ctx.Node.Input.Count > 2 && ctx.Node.Input[2].Length > 0 ? ctx.Constant(2, "bias").Values : new float[w.Dims[0]];
        if (bias.Length != w.Dims[0])
        {
            throw ctx.Error($"bias has {bias.Length} values for {w.Dims[0]} output channels.");
        }

        int oh = shape[1] + (2 * ph) - w.Dims[2], ow = shape[2] + (2 * pw) - w.Dims[3];
        if (oh < 0 || ow < 0 || ph >= w.Dims[2] || pw >= w.Dims[3])
        {
            throw ctx.Error($"the {w.Dims[2]}×{w.Dims[3]} kernel with pads ({ph}, {pw}) does not fit the input [{string.Join(", ", shape)}] (pads must be below the kernel size).");
        }

        Push(ctx, new FloatConv(w.Values, w.Dims[0], w.Dims[1], w.Dims[2], w.Dims[3], [.. bias], sh, sw, ph, pw, FloatActivation.None) { Node = ctx.Name },
            [w.Dims[0], (oh / sh) + 1, (ow / sw) + 1]);
    }

    private void Gemm(NodeContext ctx)
    {
        ctx.Attributes("alpha", "beta", "transA", "transB");
        if (ctx.Float("alpha", 1) != 1 || ctx.Float("beta", 1) != 1 || ctx.Int("transA", 0) != 0)
        {
            throw ctx.Error($"attributes alpha = {ctx.Float("alpha", 1)}, beta = {ctx.Float("beta", 1)}, transA = {ctx.Int("transA", 0)} are not supported; supported: alpha = beta = 1, transA = 0.");
        }

        bool transB = ctx.Int("transB", 0) != 0;
        float[]? bias = ctx.Node.Input.Count > 2 && ctx.Node.Input[2].Length > 0 ? ctx.Constant(2, "bias C").Values : null;
        Linear(ctx, transB, bias);
    }

    private void MatMul(NodeContext ctx)
    {
        ctx.Attributes();
        Linear(ctx, transposed: false, bias: null);
    }

    private void Linear(NodeContext ctx, bool transposed, float[]? bias)
    {
        ctx.RequireLatest(0);
        int[] shape = LatestShape;
        if (shape.Length != 1)
        {
            throw ctx.Error($"the input has shape [{string.Join(", ", shape)}]; {ctx.Node.OpType} needs [N, features] (insert a Flatten).");
        }

        OnnxTensor b = ctx.Constant(1, "weight B");
        if (b.Dims.Length != 2 || b.Dims[transposed ? 1 : 0] != shape[0])
        {
            throw ctx.Error($"weight '{b.Name}' has shape [{string.Join(", ", b.Dims)}]; the input has {shape[0]} features.");
        }

        int outF = b.Dims[transposed ? 0 : 1], inF = shape[0];
        float[] w = transposed ? [.. b.Values] : new float[b.Count];
        if (!transposed)
        {
            for (int i = 0; i < inF; i++)
            {
                for (int o = 0; o < outF; o++)
                {
                    w[(o * inF) + i] = b.Values[(i * outF) + o];
                }
            }
        }

        bias ??= new float[outF];
        if (bias.Length == 1 && outF > 1)
        {
            bias = [.. Enumerable.Repeat(bias[0], outF)];
        }

        if (bias.Length != outF)
        {
            throw ctx.Error($"bias has {bias.Length} values for {outF} outputs.");
        }

        Push(ctx, new FloatDense(w, outF, inF, [.. bias], FloatActivation.None) { Node = ctx.Name }, [outF]);
    }

    private void Add(NodeContext ctx)
    {
        ctx.Attributes();
        if (ctx.Node.Input.Count != 2)
        {
            throw ctx.Error("Add needs two inputs.");
        }

        int constant = _model.Initializers.ContainsKey(ctx.Node.Input[0]) ? 0 : _model.Initializers.ContainsKey(ctx.Node.Input[1]) ? 1 : -1;
        if (constant >= 0)
        {
            ctx.RequireLatest(1 - constant);
            OnnxTensor b = ctx.Constant(constant, "bias");
            FloatLayer latest = ctx.FoldTarget("a bias Add");
            int channels = latest is FloatConv c ? c.OutChannels : ((FloatDense)latest).OutFeatures;
            if (b.Count != channels || (latest is FloatConv && b.Dims.Length > 1 && b.Dims.Where(static d => d != 1).Count() > 1))
            {
                throw ctx.Error($"bias '{b.Name}' has shape [{string.Join(", ", b.Dims)}]; supported: one value per output channel ({channels}).");
            }

            ReplaceLatest(ctx, latest switch
            {
                FloatConv conv => conv with { Bias = [.. conv.Bias.Select((v, i) => v + b.Values[i])] },
                FloatDense dense => dense with { Bias = [.. dense.Bias.Select((v, i) => v + b.Values[i])] },
                _ => latest,
            });
            return;
        }

        int a = ctx.Data(0), s = ctx.Data(1);
        int main = a == Latest ? a : s == Latest ? s : throw ctx.Error("neither input is the latest value; supported: a residual Add of the latest value and an earlier one.");
        int skip = main == a ? s : a;
        if (skip == main)
        {
            throw ctx.Error("both inputs are the same value; supported: a residual Add of the latest value and an earlier one.");
        }

        int[] skipShape = skip == Input ? _inputShape : _shapes[skip];
        if (!skipShape.SequenceEqual(LatestShape))
        {
            throw ctx.Error($"the branches have shapes [{string.Join(", ", LatestShape)}] and [{string.Join(", ", skipShape)}]; broadcasting is not supported.");
        }

        Push(ctx, new FloatResidualAdd(skip, FloatActivation.None) { Node = ctx.Name }, [.. LatestShape]);
    }

    private void Clip(NodeContext ctx)
    {
        ctx.Attributes("min", "max");
        float min = ctx.Float("min", float.NegativeInfinity), max = ctx.Float("max", float.PositiveInfinity);
        if (ctx.Node.Input.Count > 1 && ctx.Node.Input[1].Length > 0)
        {
            min = ctx.Constant(1, "min").Values.Single();
        }

        if (ctx.Node.Input.Count > 2 && ctx.Node.Input[2].Length > 0)
        {
            max = ctx.Constant(2, "max").Values.Single();
        }

        if (min != 0 || !(max > 0))
        {
            throw ctx.Error($"Clip [{min}, {max}] is not supported; supported: min = 0 and max > 0 (ReLU, ReLU6).");
        }

        Activation(ctx, new FloatActivation(0, max));
    }

    private void Activation(NodeContext ctx, FloatActivation activation)
    {
        ctx.RequireLatest(0);
        FloatLayer latest = _layers.Count > 0 ? _layers[^1] : null!;
        FloatLayer? fused = latest switch
        {
            FloatConv c when c.Activation.IsNone => c with { Activation = activation },
            FloatDense d when d.Activation.IsNone => d with { Activation = activation },
            FloatAveragePool p when p.Activation.IsNone => p with { Activation = activation },
            FloatResidualAdd r when r.Activation.IsNone => r with { Activation = activation },
            _ => null,
        };
        if (fused is null || !LatestReadOnce)
        {
            throw ctx.Error("supported only right after Conv, Gemm, MatMul, AveragePool or a residual Add whose value nothing else reads.");
        }

        ReplaceLatest(ctx, fused);
    }

    private void Pool(NodeContext ctx, bool max)
    {
        ctx.Attributes("kernel_shape", "strides", "pads", "dilations", "ceil_mode", "storage_order", "auto_pad", "count_include_pad");
        ctx.RequireLatest(0);
        int[] shape = LatestShape;
        int[] k = ctx.Ints("kernel_shape") ?? throw ctx.Error("attribute kernel_shape is required.");
        if (shape.Length != 3 || k.Length != 2)
        {
            throw ctx.Error($"supported: 2-D pooling of [N, C, H, W]; the input is [{string.Join(", ", shape)}], kernel_shape [{string.Join(", ", k)}].");
        }

        if (ctx.Ints("dilations") is { } dil && dil.Any(static d => d != 1))
        {
            throw ctx.Error($"attribute dilations = [{string.Join(", ", dil)}] is not supported; supported: all 1.");
        }

        if (ctx.Int("ceil_mode", 0) != 0 || ctx.Int("storage_order", 0) != 0)
        {
            throw ctx.Error("attributes ceil_mode and storage_order must be 0.");
        }

        (int sh, int sw) = ctx.Strides();
        if (ctx.SymmetricPads() != (0, 0))
        {
            throw ctx.Error("attribute pads is not supported for pooling; supported: no padding.");
        }

        if (k[0] < 1 || k[1] < 1 || k[0] > shape[1] || k[1] > shape[2])
        {
            throw ctx.Error($"kernel_shape [{k[0]}, {k[1]}] does not fit the input [{string.Join(", ", shape)}].");
        }

        int[] output = [shape[0], ((shape[1] - k[0]) / sh) + 1, ((shape[2] - k[1]) / sw) + 1];
        Push(ctx, max ? new FloatMaxPool(k[0], k[1], sh, sw) { Node = ctx.Name } : new FloatAveragePool(k[0], k[1], sh, sw, FloatActivation.None) { Node = ctx.Name }, output);
    }

    private void GlobalAveragePool(NodeContext ctx)
    {
        ctx.Attributes();
        ctx.RequireLatest(0);
        int[] shape = LatestShape;
        if (shape.Length != 3)
        {
            throw ctx.Error($"the input has shape [{string.Join(", ", shape)}]; supported: [N, C, H, W].");
        }

        Push(ctx, new FloatAveragePool(shape[1], shape[2], 1, 1, FloatActivation.None) { Node = ctx.Name }, [shape[0], 1, 1]);
    }

    private void Flatten(NodeContext ctx)
    {
        ctx.Attributes("axis");
        if (ctx.Int("axis", 1) != 1)
        {
            throw ctx.Error($"attribute axis = {ctx.Int("axis", 1)} is not supported; supported: axis = 1.");
        }

        ReshapeTo(ctx, [LatestShape.Aggregate(1, static (a, b) => a * b)]);
    }

    private void Reshape(NodeContext ctx)
    {
        ctx.Attributes("allowzero");
        OnnxTensor target = ctx.Constant(1, "shape");
        long[] dims = target.Integers ?? throw ctx.Error("the shape input must be an int64 initializer.");
        int total = LatestShape.Aggregate(1, static (a, b) => a * b);
        if (dims.Length != 2 || dims[0] is not (1 or -1 or 0) || (dims[1] != -1 && dims[1] != total))
        {
            throw ctx.Error($"shape [{string.Join(", ", dims)}] is not supported; supported: a reshape to [N, {total}] (flat).");
        }

        ReshapeTo(ctx, [total]);
    }

    private void Transpose(NodeContext ctx)
    {
        ctx.Attributes("perm");
        int[] shape = [1, .. LatestShape];
        int[] perm = ctx.Ints("perm") ?? [.. Enumerable.Range(0, shape.Length).Reverse()];
        if (perm.Length != shape.Length || perm.Order().Where((p, i) => p != i).Any())
        {
            throw ctx.Error($"attribute perm = [{string.Join(", ", perm)}] is not a permutation of the input's {shape.Length} axes.");
        }

        // A transpose moves no element when the axes longer than 1 keep their relative order.
        int[] moved = [.. perm.Where(p => shape[p] != 1)];
        if (!moved.SequenceEqual(moved.Order()))
        {
            throw ctx.Error($"perm = [{string.Join(", ", perm)}] reorders data of shape [N, {string.Join(", ", LatestShape)}]; supported: only a transpose that is a pure reshape.");
        }

        int[] target = [.. perm.Select(p => shape[p])];
        if (target[0] != 1)
        {
            throw ctx.Error($"perm = [{string.Join(", ", perm)}] moves the batch axis; supported: the batch axis stays first.");
        }

        ReshapeTo(ctx, target[1..]);
    }

    private void ReshapeTo(NodeContext ctx, int[] target)
    {
        ctx.RequireLatest(0);
        if (target.Length is not (1 or 3))
        {
            throw ctx.Error($"the result [{string.Join(", ", target)}] is not supported; supported: [N, features] or [N, C, H, W].");
        }

        if (target.SequenceEqual(LatestShape) && _layers.Count > 0)
        {
            _values[ctx.Node.Output[0]] = Latest;
            return;
        }

        Push(ctx, new FloatReshape(target) { Node = ctx.Name }, target);
    }

    private void BatchNorm(NodeContext ctx)
    {
        ctx.Attributes("epsilon", "momentum", "training_mode", "spatial");
        ctx.RequireLatest(0);
        if (ctx.Int("training_mode", 0) != 0 || ctx.Node.Output.Count > 1)
        {
            throw ctx.Error("training mode is not supported; supported: inference BatchNormalization.");
        }

        FloatLayer latest = ctx.FoldTarget("BatchNormalization");
        float eps = ctx.Float("epsilon", 1e-5f);
        float[] gamma = ctx.Constant(1, "scale").Values, beta = ctx.Constant(2, "B").Values, mean = ctx.Constant(3, "mean").Values, variance = ctx.Constant(4, "var").Values;
        int channels = latest is FloatConv c0 ? c0.OutChannels : ((FloatDense)latest).OutFeatures;
        if (new[] { gamma, beta, mean, variance }.Any(a => a.Length != channels))
        {
            throw ctx.Error($"scale, B, mean and var must have {channels} values (one per channel).");
        }

        var factor = new float[channels];
        var shift = new float[channels];
        for (int i = 0; i < channels; i++)
        {
            factor[i] = gamma[i] / MathF.Sqrt(variance[i] + eps);
            shift[i] = beta[i] - (mean[i] * factor[i]);
        }

        (float[] weights, float[] bias) = latest is FloatConv conv ? (conv.Weights, conv.Bias) : (((FloatDense)latest).Weights, ((FloatDense)latest).Bias);
        int per = weights.Length / channels;
        float[] w = [.. weights.Select((v, i) => v * factor[i / per])];
        float[] b = [.. bias.Select((v, i) => (v * factor[i]) + shift[i])];
        ReplaceLatest(ctx, latest is FloatConv cv ? cv with { Weights = w, Bias = b } : ((FloatDense)latest) with { Weights = w, Bias = b });
    }

    /// <summary>A node and the helpers that read its inputs and attributes, each error naming it.</summary>
    private sealed class NodeContext(NodeProto node, string name, OnnxGraphImport import)
    {
        public NodeProto Node => node;

        public string Name => name;

        public OnnxImportException Error(string detail) => new(name, node.OpType, detail);

        public void Attributes(params string[] supported)
        {
            foreach (AttributeProto a in node.Attribute)
            {
                if (!supported.Contains(a.Name))
                {
                    throw Error($"attribute {a.Name} is not supported; supported: {(supported.Length == 0 ? "none" : string.Join(", ", supported))}.");
                }
            }
        }

        private AttributeProto? Find(string attribute) => node.Attribute.FirstOrDefault(a => a.Name == attribute);

        public long Int(string attribute, long fallback) => Find(attribute) is { } a
            ? a.Type == AttrType.Int ? a.I : throw Error($"attribute {attribute} must be an integer.")
            : fallback;

        public float Float(string attribute, float fallback) => Find(attribute) is { } a
            ? a.Type == AttrType.Float ? a.F : throw Error($"attribute {attribute} must be a float.")
            : fallback;

        public string? String(string attribute) => Find(attribute) is { } a
            ? a.Type == AttrType.String ? a.S.ToStringUtf8() : throw Error($"attribute {attribute} must be a string.")
            : null;

        public int[]? Ints(string attribute)
        {
            if (Find(attribute) is not { } a)
            {
                return null;
            }

            if (a.Type != AttrType.Ints || a.Ints.Count > 8 || a.Ints.Any(static v => v is < int.MinValue or > int.MaxValue))
            {
                throw Error($"attribute {attribute} must be a short list of integers.");
            }

            return [.. a.Ints.Select(static v => (int)v)];
        }

        public (int, int) Strides()
        {
            int[] s = Ints("strides") ?? [1, 1];
            if (s.Length != 2 || s[0] is < 1 or > 1 << 16 || s[1] is < 1 or > 1 << 16)
            {
                throw Error($"attribute strides = [{string.Join(", ", s)}] is not supported; supported: two strides ≥ 1.");
            }

            return (s[0], s[1]);
        }

        public (int, int) SymmetricPads()
        {
            string? autoPad = String("auto_pad");
            if (autoPad is not (null or "NOTSET" or "VALID"))
            {
                throw Error($"attribute auto_pad = {autoPad} is not supported; supported: NOTSET or VALID with explicit pads.");
            }

            int[] p = Ints("pads") ?? [0, 0, 0, 0];
            if (p.Length != 4 || p[0] != p[2] || p[1] != p[3] || p[0] is < 0 or > 1 << 16 || p[1] is < 0 or > 1 << 16)
            {
                throw Error($"attribute pads = [{string.Join(", ", p)}] is not supported; supported: symmetric pads [t, l, t, l] ≥ 0.");
            }

            return (p[0], p[1]);
        }

        public int Data(int input)
        {
            if (input >= node.Input.Count || !import._values.TryGetValue(node.Input[input], out int value))
            {
                throw Error($"input {input} ('{(input < node.Input.Count ? node.Input[input] : "")}') is not a value computed before this node.");
            }

            return value;
        }

        public void RequireLatest(int input)
        {
            if (Data(input) != import.Latest)
            {
                throw Error($"input '{node.Input[input]}' is not the latest value; supported: a chain of layers with residual Adds.");
            }
        }

        public OnnxTensor Constant(int input, string what)
        {
            if (input >= node.Input.Count || !import._model.Initializers.TryGetValue(node.Input[input], out OnnxTensor? t))
            {
                throw Error($"the {what} (input {input}) must be an initializer.");
            }

            return t;
        }

        public FloatLayer FoldTarget(string what)
        {
            FloatLayer? latest = import._layers.Count > 0 ? import._layers[^1] : null;
            return latest is FloatConv { Activation.IsNone: true } or FloatDense { Activation.IsNone: true } && import.LatestReadOnce
                ? latest
                : throw Error($"{what} is supported only right after a Conv, Gemm or MatMul (before its activation) whose value nothing else reads.");
        }
    }
}
